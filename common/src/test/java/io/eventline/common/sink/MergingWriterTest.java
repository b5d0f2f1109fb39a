package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;

/** The merge seam alone, over a recording writer in place of the JDBC one. */
class MergingWriterTest {

    /** Records the batches handed to the database side. */
    static final class Recorder implements MergingUpsertSink.Batches<TestRow>, AutoCloseable {
        final List<List<String>> batches = new ArrayList<>();
        final List<String> open = List.of();
        boolean failNextFlush;
        boolean closed;

        @Override
        public List<UpsertBatchWriter.Conflict<TestRow>> write(Collection<TestRow> rows) throws IOException {
            if (failNextFlush) {
                throw new IOException("disk full");
            }
            List<String> batch = new ArrayList<>();
            rows.forEach(r -> batch.add(r.toString()));
            batches.add(batch);
            return List.of();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static MergingUpsertSink.MergingWriter<TestRow> writer(Recorder recorder, int batchSize, long intervalMs,
            TestProcessingTimeService timers) {
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(batchSize)
                .batchIntervalMs(intervalMs).build();
        return new MergingUpsertSink.MergingWriter<>(TestRow.TABLE, settings, recorder, recorder, null, "test",
                timers, UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    @Test
    void mergesPerKeyKeepingTheHighestVersionAndFlushesEveryBatchSizeRowsIn() throws Exception {
        Recorder recorder = new Recorder();
        var w = writer(recorder, 4, 0, new TestProcessingTimeService());
        w.write(TestRow.of("a", "1.00", 1), null);
        w.write(TestRow.of("a", "3.00", 3), null);
        w.write(TestRow.of("b", "1.00", 1), null);
        assertThat(recorder.batches).isEmpty();
        w.write(TestRow.of("a", "2.00", 2), null); // 4th row in: older than the one held
        assertThat(recorder.batches).containsExactly(List.of("a=3.00@v3", "b=1.00@v1"));
        w.write(TestRow.of("a", "4.00", 4), null);
        assertThat(recorder.batches).hasSize(1);
        assertThat(w.totals()).containsExactly(5, 2);
    }

    @Test
    void aCheckpointFlushLeavesNothingBuffered() throws Exception {
        Recorder recorder = new Recorder();
        var w = writer(recorder, 500, 0, new TestProcessingTimeService());
        w.write(TestRow.of("a", "1.00", 1), null);
        w.write(TestRow.of("a", "2.00", 2), null);
        w.flush(false); // what SinkWriterOperator calls before the checkpoint barrier goes on
        assertThat(recorder.batches).containsExactly(List.of("a=2.00@v2"));
        assertThat(recorder.open).isEmpty();
        assertThat(w.totals()).containsExactly(2, 1);
    }

    @Test
    void theIntervalFlushesAPartialBatch() throws Exception {
        Recorder recorder = new Recorder();
        TestProcessingTimeService timers = new TestProcessingTimeService();
        timers.setCurrentTime(0);
        var w = writer(recorder, 500, 1_000, timers);
        w.write(TestRow.of("a", "1.00", 1), null);
        timers.setCurrentTime(999);
        assertThat(recorder.batches).isEmpty();
        timers.setCurrentTime(1_000);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1"));
        w.write(TestRow.of("b", "1.00", 1), null);
        timers.setCurrentTime(2_000); // re-armed
        assertThat(recorder.batches).hasSize(2);
        w.close();
        assertThat(timers.getNumActiveTimers()).isLessThanOrEqualTo(1);
    }

    @Test
    void aFailedBatchFailsTheFlushAndCloseReleasesTheConnection() throws Exception {
        Recorder recorder = new Recorder();
        var w = writer(recorder, 500, 0, new TestProcessingTimeService());
        w.write(TestRow.of("a", "1.00", 1), null);
        recorder.failNextFlush = true;
        assertThatThrownBy(() -> w.flush(false)).isInstanceOf(IOException.class).hasMessage("disk full");
        w.close();
        assertThat(recorder.closed).isTrue();
    }
}
