package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;

/**
 * The merge seam with its own writer thread, as in a job: the task goes on while a merged map is written, the
 * barrier waits for it, a failure in flight fails the task's next call.
 */
class MergingWriterThreadTest {

    /** Holds each write until released; records the batches and the thread that wrote them. */
    static final class GatedRecorder implements MergingUpsertSink.Batches<TestRow>, AutoCloseable {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<List<String>> batches = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        volatile boolean fail;

        /** One whose writes fail with "disk full" once released. */
        static GatedRecorder failing() {
            GatedRecorder recorder = new GatedRecorder();
            recorder.fail = true;
            return recorder;
        }

        @Override
        public List<UpsertBatchWriter.Conflict<TestRow>> write(Collection<TestRow> rows)
                throws IOException, InterruptedException {
            entered.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
            if (fail) {
                throw new IOException("disk full");
            }
            List<String> batch = new ArrayList<>();
            rows.forEach(r -> batch.add(r.toString()));
            synchronized (this) {
                batches.add(batch);
                threads.add(Thread.currentThread().getName());
            }
            return List.of();
        }

        @Override
        public void close() {}
    }

    private static MergingUpsertSink.MergingWriter<TestRow> writer(GatedRecorder recorder, int batchSize) {
        return writer(recorder, batchSize, 0, new TestProcessingTimeService());
    }

    private static MergingUpsertSink.MergingWriter<TestRow> writer(GatedRecorder recorder, int batchSize,
            long intervalMs, TestProcessingTimeService timers) {
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(batchSize)
                .batchIntervalMs(intervalMs).build();
        return new MergingUpsertSink.MergingWriter<>(TestRow.TABLE, settings, recorder, recorder, null, "test",
                timers, UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                MergingUpsertSink.MergingWriter.writerThread("test_rows"));
    }

    @Test
    void theTaskGoesOnWhileAMapIsWrittenAndTheBarrierWaitsForIt() throws Exception {
        GatedRecorder recorder = new GatedRecorder();
        var w = writer(recorder, 2);
        w.write(TestRow.of("a", "1.00", 1), null);
        w.write(TestRow.of("b", "1.00", 1), null); // batch size reached: handed to the writer thread
        assertThat(recorder.entered.await(10, TimeUnit.SECONDS)).isTrue();
        w.write(TestRow.of("a", "2.00", 2), null); // accepted while the first map is still being written
        assertThat(recorder.batches).isEmpty();
        assertThat(w.totals()).containsExactly(3, 0);

        CompletableFuture<Void> barrier = CompletableFuture.runAsync(() -> {
            try {
                w.flush(false);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertThat(barrier).isNotDone(); // the barrier waits for the write in flight
        recorder.release.countDown();
        barrier.get(10, TimeUnit.SECONDS);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1", "b=1.00@v1"), List.of("a=2.00@v2"));
        assertThat(recorder.threads).containsOnly("upsert-test_rows-writer");
        assertThat(w.totals()).containsExactly(3, 3);
        w.close();
    }

    @Test
    void aWriteThatFailsInFlightFailsTheNextBarrier() throws Exception {
        GatedRecorder recorder = GatedRecorder.failing();
        var w = writer(recorder, 1);
        w.write(TestRow.of("a", "1.00", 1), null); // handed over; fails on the writer thread
        recorder.release.countDown();
        assertThatThrownBy(() -> w.flush(false)).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(w.totals()).containsExactly(1, 0);
        w.close();
    }

    @Test
    void aWriteThatFailsInFlightFailsTheNextTickWhenNoRowFollows() throws Exception {
        GatedRecorder recorder = GatedRecorder.failing();
        TestProcessingTimeService timers = new TestProcessingTimeService();
        timers.setCurrentTime(0);
        var w = writer(recorder, 1, 200, timers);
        w.write(TestRow.of("a", "1.00", 1), null); // handed over; fails on the writer thread
        recorder.release.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !w.writing());
        assertThatThrownBy(() -> timers.setCurrentTime(200)).isInstanceOf(IOException.class).hasMessage("disk full");
        w.close();
    }
}
