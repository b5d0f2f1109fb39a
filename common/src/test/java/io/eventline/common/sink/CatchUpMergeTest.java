package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FlushRule} through the merge seam, on a driven processing-time clock: rows far behind the clock merge
 * until the barrier (or the key cap), live rows flush on the short interval.
 */
class CatchUpMergeTest {

    private static final long NOW = 1_000_000;
    private static final long INTERVAL = 200;
    private static final long LAG = 5_000;

    private final MergingWriterTest.Recorder recorder = new MergingWriterTest.Recorder();
    private final TestProcessingTimeService clock = new TestProcessingTimeService();

    @BeforeEach
    void startTheClock() throws Exception {
        clock.setCurrentTime(NOW);
    }

    private MergingUpsertSink.MergingWriter<TestRow> writer(int batchSize, int maxBufferedRows, Duration catchUpLag) {
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchSize(batchSize)
                .batchIntervalMs(INTERVAL).maxBufferedRows(maxBufferedRows).catchUpLag(catchUpLag).build();
        return new MergingUpsertSink.MergingWriter<>(TestRow.TABLE, settings, recorder, recorder, null, "test",
                clock, UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    /** A record timestamp (log time) for the writer's context. */
    static SinkWriter.Context at(long logTime) {
        return new SinkWriter.Context() {
            @Override
            public long currentWatermark() {
                return Long.MIN_VALUE;
            }

            @Override
            public Long timestamp() {
                return logTime;
            }
        };
    }

    /** Advances the clock one tick, writing one more version of key "a" first (the backlog keeps arriving). */
    private void tickWithInput(MergingUpsertSink.MergingWriter<TestRow> w, long version, long logTime) throws Exception {
        w.write(TestRow.of("a", version + ".00", version), at(logTime));
        clock.setCurrentTime(clock.getCurrentProcessingTime() + INTERVAL);
    }

    @Test
    void aBacklogMergesAcrossTicksAndBatchSizeUntilTheBarrierAndIsWrittenInBatches() throws Exception {
        var w = writer(2, 50_000, Duration.ofMillis(LAG));
        long old = NOW - 60_000; // a minute behind
        w.write(TestRow.of("b", "1.00", 1), at(old));
        w.write(TestRow.of("c", "1.00", 1), at(old));
        w.write(TestRow.of("b", "2.00", 2), at(old)); // 3 rows in > batch size 2: no flush, behind
        for (long v = 1; v <= 10; v++) {
            tickWithInput(w, v, old + v); // ten ticks, input every tick
        }
        assertThat(recorder.batches).isEmpty();
        w.flush(false); // the checkpoint barrier
        assertThat(recorder.batches).containsExactly(List.of("b=2.00@v2", "c=1.00@v1"), List.of("a=10.00@v10"));
        assertThat(w.totals()).containsExactly(13, 3);
    }

    @Test
    void aBacklogFlushesAtTheKeyCap() throws Exception {
        var w = writer(500, 3, Duration.ofMillis(LAG));
        long old = NOW - 60_000;
        w.write(TestRow.of("a", "1.00", 1), at(old));
        w.write(TestRow.of("a", "2.00", 2), at(old));
        w.write(TestRow.of("b", "1.00", 1), at(old));
        assertThat(recorder.batches).isEmpty();
        w.write(TestRow.of("c", "1.00", 1), at(old)); // third key
        assertThat(recorder.batches).containsExactly(List.of("a=2.00@v2", "b=1.00@v1", "c=1.00@v1"));
    }

    @Test
    void liveRowsFlushOnTheShortIntervalAndAfterBatchSizeRowsIn() throws Exception {
        var w = writer(3, 50_000, Duration.ofMillis(LAG));
        w.write(TestRow.of("a", "1.00", 1), at(NOW - 300)); // produced 300 ms ago
        clock.setCurrentTime(NOW + INTERVAL - 1);
        assertThat(recorder.batches).isEmpty();
        clock.setCurrentTime(NOW + INTERVAL);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1"));
        w.write(TestRow.of("b", "1.00", 1), at(NOW));
        w.write(TestRow.of("b", "2.00", 2), at(NOW));
        w.write(TestRow.of("c", "1.00", 1), at(NOW)); // 3 rows in: batch size
        assertThat(recorder.batches).hasSize(2).last().isEqualTo(List.of("b=2.00@v2", "c=1.00@v1"));
    }

    @Test
    void aBacklogThatCatchesUpFlushesAtTheNextTick() throws Exception {
        var w = writer(500, 50_000, Duration.ofMillis(LAG));
        tickWithInput(w, 1, NOW - 60_000);
        tickWithInput(w, 2, NOW - 30_000);
        assertThat(recorder.batches).isEmpty();
        // the newest row is 4.6 s behind the clock at the next tick: inside the lag, live
        w.write(TestRow.of("a", "3.00", 3), at(clock.getCurrentProcessingTime() + INTERVAL - LAG + 400));
        clock.setCurrentTime(clock.getCurrentProcessingTime() + INTERVAL);
        assertThat(recorder.batches).containsExactly(List.of("a=3.00@v3"));
    }

    @Test
    void aBacklogWhoseInputStoppedFlushesAtTheFirstTickWithoutARow() throws Exception {
        var w = writer(500, 50_000, Duration.ofMillis(LAG));
        tickWithInput(w, 1, NOW - 60_000); // tick at +200: a row arrived, behind: held
        assertThat(recorder.batches).isEmpty();
        clock.setCurrentTime(NOW + 2 * INTERVAL); // no row since: the input stopped
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1"));
    }

    @Test
    void aBacklogWithoutABarrierIsWrittenAfterTheMaxHold() throws Exception {
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:sqlite:unused.db").batchIntervalMs(INTERVAL)
                .catchUpLag(Duration.ofMillis(LAG)).catchUpMaxHold(Duration.ofMillis(1_000)).build();
        var w = new MergingUpsertSink.MergingWriter<>(TestRow.TABLE, settings, recorder, recorder, null, "test",
                clock, UnregisteredMetricsGroup.createSinkWriterMetricGroup());
        for (long v = 1; v <= 5; v++) {
            tickWithInput(w, v, NOW - 60_000); // ticks at +200 (the first that sees rows) .. +1000
        }
        assertThat(recorder.batches).isEmpty();
        tickWithInput(w, 6, NOW - 60_000); // +1200: held 1,000 ms since the first tick that saw it
        assertThat(recorder.batches).containsExactly(List.of("a=6.00@v6"));
        for (long v = 7; v <= 11; v++) {
            tickWithInput(w, v, NOW - 60_000);
        }
        assertThat(recorder.batches).hasSize(1); // counted again from the first tick after the flush
        tickWithInput(w, 12, NOW - 60_000);
        assertThat(recorder.batches).hasSize(2).last().isEqualTo(List.of("a=12.00@v12"));
    }

    @Test
    void rowsWithoutATimestampAreLive() throws Exception {
        var w = writer(500, 50_000, Duration.ofMillis(LAG));
        w.write(TestRow.of("a", "1.00", 1), at(NOW - 60_000));
        w.write(TestRow.of("b", "1.00", 1), null); // no context, no timestamp: nothing says it is old
        clock.setCurrentTime(NOW + INTERVAL);
        assertThat(recorder.batches).containsExactly(List.of("a=1.00@v1", "b=1.00@v1"));
    }

    @Test
    void aZeroCatchUpLagFlushesABacklogLikeLiveRows() throws Exception {
        var w = writer(2, 50_000, Duration.ZERO);
        w.write(TestRow.of("a", "1.00", 1), at(NOW - 60_000));
        w.write(TestRow.of("a", "2.00", 2), at(NOW - 60_000));
        assertThat(recorder.batches).containsExactly(List.of("a=2.00@v2"));
        w.write(TestRow.of("b", "1.00", 1), at(NOW - 60_000));
        clock.setCurrentTime(NOW + INTERVAL);
        assertThat(recorder.batches).hasSize(2).last().isEqualTo(List.of("b=1.00@v1"));
    }
}
