package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merge seam with its writer state: a catching-up writer keeps its merged rows (and a write in flight) in the
 * checkpoint instead of writing them at the barrier, a restored writer writes them, a live writer checkpoints
 * nothing.
 */
class CheckpointedMergeTest {

    private static final long NOW = 1_000_000;
    private static final long INTERVAL = 200;
    private static final long BEHIND = NOW - 60_000; // a minute behind the clock
    private static final TypeSerializer<TestRow> SERIALIZER =
            TypeInformation.of(TestRow.class).createSerializer(new SerializerConfigImpl());

    private final MergingWriterTest.Recorder recorder = new MergingWriterTest.Recorder();
    private final TestProcessingTimeService clock = new TestProcessingTimeService();

    @BeforeEach
    void startTheClock() throws Exception {
        clock.setCurrentTime(NOW);
    }

    private static JdbcSinkSettings settings(Duration maxHold) {
        return JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(500).batchIntervalMs(INTERVAL)
                .catchUpLag(Duration.ofSeconds(5)).catchUpMaxHold(maxHold).build();
    }

    private MergingUpsertSink.MergingWriter<TestRow> writer(Duration maxHold) {
        return holding(settings(maxHold), recorder, null);
    }

    /** A writer that holds rows at a catching-up barrier, as in a job; {@code io} null: the caller's thread. */
    private <B extends MergingUpsertSink.Batches<TestRow> & AutoCloseable> MergingUpsertSink.MergingWriter<TestRow>
            holding(JdbcSinkSettings settings, B batches, ExecutorService io) {
        var w = new MergingUpsertSink.MergingWriter<>(TestRow.TABLE, settings, batches, batches, null, "test", clock,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(), io);
        w.holdWith(SERIALIZER);
        return w;
    }

    private static SinkWriter.Context at(long logTime) {
        return CatchUpMergeTest.at(logTime);
    }

    /** The rows a checkpoint holds, as a restore reads them. */
    private static List<String> held(List<byte[]> state) throws Exception {
        List<String> rows = new ArrayList<>();
        for (byte[] bytes : state) {
            HeldRows.<TestRow>decode(bytes, CheckpointedMergeTest.class.getClassLoader())
                    .forEach(r -> rows.add(r.toString()));
        }
        return rows;
    }

    private void tick() throws Exception {
        clock.setCurrentTime(clock.getCurrentProcessingTime() + INTERVAL);
    }

    @Test
    void aBacklogIsHeldAcrossBarriersInTheCheckpointAndWrittenAtTheMaxHold() throws Exception {
        var w = writer(Duration.ofSeconds(2));
        w.write(TestRow.of("a", "1.00", 1), at(BEHIND));
        w.write(TestRow.of("b", "1.00", 1), at(BEHIND));
        tick(); // +200: the first tick that sees the rows starts the hold
        w.flush(false); // barrier 1
        assertThat(recorder.batches).isEmpty();
        assertThat(held(w.snapshotState(1))).containsExactly("a=1.00@v1", "b=1.00@v1");

        w.write(TestRow.of("a", "2.00", 2), at(BEHIND + 1)); // merges with the row the checkpoint held
        tick();
        w.flush(false); // barrier 2
        assertThat(recorder.batches).isEmpty();
        assertThat(held(w.snapshotState(2))).containsExactly("a=2.00@v2", "b=1.00@v1");

        for (int i = 0; i < 8; i++) { // to +2,000: input every tick, still behind
            w.write(TestRow.of("c", "1.00", 1), at(BEHIND + 2));
            tick();
        }
        assertThat(recorder.batches).isEmpty();
        w.write(TestRow.of("c", "2.00", 2), at(BEHIND + 3));
        tick(); // +2,200: held 2,000 ms since the first tick
        assertThat(recorder.batches).containsExactly(List.of("a=2.00@v2", "b=1.00@v1", "c=2.00@v2"));
        assertThat(w.snapshotState(3)).isEmpty();
        assertThat(w.totals()).containsExactly(12, 3);
    }

    @Test
    void withoutTicksTheHoldStartsAtTheFirstBarrierAndABarrierAfterTheMaxHoldWrites() throws Exception {
        JdbcSinkSettings noTicks = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(500).batchIntervalMs(0)
                .catchUpLag(Duration.ofSeconds(5)).catchUpMaxHold(Duration.ofSeconds(1)).build();
        var w = holding(noTicks, recorder, null);
        w.write(TestRow.of("a", "1.00", 1), at(BEHIND));
        w.flush(false); // the hold starts here
        clock.setCurrentTime(NOW + 999);
        w.write(TestRow.of("a", "2.00", 2), at(BEHIND));
        w.flush(false);
        assertThat(recorder.batches).isEmpty();
        assertThat(held(w.snapshotState(2))).containsExactly("a=2.00@v2");
        clock.setCurrentTime(NOW + 1_000);
        w.flush(false);
        assertThat(recorder.batches).containsExactly(List.of("a=2.00@v2"));
        assertThat(w.snapshotState(3)).isEmpty();
    }

    @Test
    void aRestoredWriterWritesTheHeldRowsAtTheNextTickMergedWithTheReplay() throws Exception {
        var before = writer(Duration.ofMinutes(1));
        before.write(TestRow.of("a", "3.00", 3), at(BEHIND));
        before.write(TestRow.of("b", "1.00", 1), at(BEHIND));
        before.flush(false);
        List<byte[]> checkpoint = before.snapshotState(7);
        assertThat(recorder.batches).isEmpty();

        var after = writer(Duration.ofMinutes(1)); // the restarted subtask
        for (byte[] bytes : checkpoint) {
            after.restore(HeldRows.decode(bytes, getClass().getClassLoader()));
        }
        after.write(TestRow.of("a", "2.00", 2), at(BEHIND)); // replayed, older than the held row: ignored
        after.write(TestRow.of("b", "2.00", 2), at(BEHIND)); // replayed past the checkpoint: newer
        tick();
        assertThat(recorder.batches).containsExactly(List.of("a=3.00@v3", "b=2.00@v2"));
    }

    @Test
    void aLiveBarrierWritesEverythingAndCheckpointsNothing() throws Exception {
        var w = writer(Duration.ofMinutes(1));
        w.write(TestRow.of("a", "1.00", 1), at(NOW - 100));
        w.flush(false);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1"));
        assertThat(w.snapshotState(1)).isEmpty();
    }

    @Test
    void theEndOfInputWritesTheHeldRows() throws Exception {
        var w = writer(Duration.ofMinutes(1));
        w.write(TestRow.of("a", "1.00", 1), at(BEHIND));
        w.flush(false);
        assertThat(recorder.batches).isEmpty();
        w.flush(true);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1"));
        assertThat(w.snapshotState(2)).isEmpty();
    }

    @Test
    void aWriteInFlightAtACatchingUpBarrierIsCheckpointedNotAwaited() throws Exception {
        var gate = new MergingWriterThreadTest.GatedRecorder();
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(500).batchIntervalMs(0)
                .maxBufferedRows(2).catchUpLag(Duration.ofSeconds(5)).catchUpMaxHold(Duration.ofMinutes(1)).build();
        var w = holding(settings, gate, MergingUpsertSink.MergingWriter.writerThread("test_rows"));
        w.write(TestRow.of("a", "1.00", 1), at(BEHIND));
        w.write(TestRow.of("b", "1.00", 1), at(BEHIND)); // the key cap: handed to the writer thread
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        w.write(TestRow.of("a", "2.00", 2), at(BEHIND));

        CompletableFuture<List<byte[]>> barrier = CompletableFuture.supplyAsync(() -> {
            try {
                w.flush(false);
                return w.snapshotState(1);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // the barrier does not wait for the database: the write in flight is in the checkpoint
        assertThat(held(barrier.get(10, TimeUnit.SECONDS))).containsExactly("a=1.00@v1", "b=1.00@v1", "a=2.00@v2");
        assertThat(gate.batches).isEmpty();

        gate.release.countDown();
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !w.writing());
        assertThat(held(w.snapshotState(2))).containsExactly("a=2.00@v2"); // written: only the map is held
        assertThat(gate.batches).containsExactly(List.of("a=1.00@v1", "b=1.00@v1"));
        w.close();
    }
}
