package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class LogClockWatermarksTest {

    private static final long T = 1_750_000_000_000L;

    private long now = T + 1_000_000; // the wall clock runs far ahead of the log: a backlog
    private final Recorder out = new Recorder();
    private final LogClockWatermarks<String> watermarks = new LogClockWatermarks<>(Duration.ofSeconds(5), () -> now);
    private SourceBacklog.State backlog = SourceBacklog.State.CAUGHT_UP;
    private final LogClockWatermarks<String> reported =
            new LogClockWatermarks<>(Duration.ofSeconds(5), () -> now, () -> backlog);

    @Test
    void followsTheHighestRecordTimestampWhileRecordsArrive() {
        watermarks.onEvent("a", T + 100, out);
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("b", T + 50, out); // out of order in the log: the watermark does not go back
        now += 4_999;
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("c", T + 300, out);
        watermarks.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(T + 99, T + 299);
        assertThat(out.idle).isZero();
    }

    @Test
    void aBacklogNeverSeesTheWallClockHoweverFarBehindItIs() {
        for (int i = 0; i < 100; i++) {
            watermarks.onEvent("x", T + i, out);
            now += 1_000; // a record a second: never idle for 5 s
            watermarks.onPeriodicEmit(out);
        }
        assertThat(out.watermarks).hasSize(100).last().isEqualTo(T + 98);
    }

    @Test
    void afterIdleAfterWithoutRecordsTheClockRunsOnAtWallSpeedFromTheLastRecord() {
        long live = now; // records as fresh as the wall clock: the reader is at the head of the log
        watermarks.onEvent("a", live + 100, out);
        watermarks.onPeriodicEmit(out);
        now += 5_000;
        watermarks.onPeriodicEmit(out);
        now += 2_000;
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("b", live + 150, out); // busy again: back to record time, but never a step back
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("c", live + 5_000, out);
        watermarks.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(live + 99, live + 100, live + 2_100, live + 4_999);
    }

    @Test
    void withoutABacklogSignalAStallMovesTheClockByTheStallBeyondIdleAfter() {
        watermarks.onEvent("a", T, out);
        now += 12_000; // 12 s without a record (and no backpressure), while the log is 1,000 s behind the wall
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(T + 7_000);
    }

    @Test
    void aSplitSilentWhileItsReaderIsBehindKeepsItsClockHoweverLong() {
        backlog = SourceBacklog.State.BEHIND; // e.g. the fetches serve the reader's other partitions first
        reported.onEvent("a", T, out);
        for (int i = 0; i < 60; i++) {
            now += 1_000;
            reported.onPeriodicEmit(out);
        }
        assertThat(out.watermarks).containsExactly(T - 1);
        assertThat(out.idle).isZero();
    }

    @Test
    void theFallbackCountsFromWhenTheReaderCaughtUpNotFromTheLastRecord() {
        backlog = SourceBacklog.State.BEHIND;
        reported.onEvent("a", T, out);
        now += 20_000;
        reported.onPeriodicEmit(out);
        backlog = SourceBacklog.State.CAUGHT_UP; // the reader reached the head of every partition
        now += 4_999;
        reported.onPeriodicEmit(out);
        now += 3_001;
        reported.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(T - 1, T + 3_000);
    }

    @Test
    void aSplitWithRecordsWhoseReaderReportsNothingNeverFallsBack() {
        backlog = SourceBacklog.State.UNKNOWN;
        reported.onEvent("a", T, out);
        now += 120_000;
        reported.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(T - 1);
    }

    @Test
    void aSplitWithoutRecordsIsMarkedIdleAfterIdleAfterOnlyOnceItsReaderIsCaughtUp() {
        backlog = SourceBacklog.State.BEHIND; // a restart: this partition's records have not come yet
        now += 60_000;
        reported.onPeriodicEmit(out);
        assertThat(out.idle).isZero();
        backlog = SourceBacklog.State.CAUGHT_UP;
        now += 4_999;
        reported.onPeriodicEmit(out);
        assertThat(out.idle).isZero();
        now += 1;
        reported.onPeriodicEmit(out);
        assertThat(out.idle).isEqualTo(1);
        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void aSplitWithoutRecordsWhoseReaderReportedNothingWaitsThirtySeconds() {
        backlog = SourceBacklog.State.UNKNOWN; // every partition of the reader empty, or not fetched yet
        now += 29_999;
        reported.onPeriodicEmit(out);
        assertThat(out.idle).isZero();
        now += 1;
        reported.onPeriodicEmit(out);
        assertThat(out.idle).isEqualTo(1);
    }

    @Test
    void backpressureIsNotIdleness() {
        long[] activity = {0};
        LogClockWatermarks<String> generator =
                new LogClockWatermarks<>(Duration.ofSeconds(5), () -> activity[0]);
        generator.onEvent("a", now, out); // live
        now += 60_000; // a minute of wall time passes, but the source was backpressured: its activity clock stood
        activity[0] += 1_000;
        generator.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(now - 60_000 - 1);
        activity[0] += 5_000; // now really idle for 6 s
        generator.onPeriodicEmit(out);
        assertThat(out.watermarks).last().isEqualTo(now - 60_000 + 1_000);
    }

    @Test
    void aPartitionThatNeverDeliveredIsMarkedIdleAfterIdleAfterAndHasNoClock() {
        watermarks.onPeriodicEmit(out);
        assertThat(out.idle).isZero();
        now += 5_000;
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).isEmpty();
        assertThat(out.idle).isEqualTo(1);
    }

    @Test
    void recordsWithoutTimestampKeepTheSourceBusyButDoNotMoveTheWatermark() {
        watermarks.onEvent("a", TimestampAssigner.NO_TIMESTAMP, out);
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void rejectsANonPositiveIdleTime() {
        assertThatThrownBy(() -> LogClockWatermarks.strategy(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {}
    }
}
