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
    void afterIdleAfterWithoutRecordsFollowsTheWallClockAndNeverGoesBack() {
        watermarks.onEvent("a", T + 100, out);
        watermarks.onPeriodicEmit(out);
        now += 5_000;
        watermarks.onPeriodicEmit(out);
        now += 2_000;
        watermarks.onPeriodicEmit(out);
        watermarks.onEvent("late", T + 200, out); // older than the wall clock: no step back
        watermarks.onPeriodicEmit(out);

        long idleSince = T + 1_000_000;
        assertThat(out.watermarks).containsExactly(T + 99, idleSince, idleSince + 2_000);
    }

    @Test
    void aPartitionThatNeverDeliversFollowsTheWallClockFromItsStart() {
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).isEmpty();
        now += 6_000;
        watermarks.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(T + 1_000_000 + 1_000);
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
