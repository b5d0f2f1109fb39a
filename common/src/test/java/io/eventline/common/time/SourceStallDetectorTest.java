package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The stall rule on a driven clock: pending records and no record emitted for stallAfter. */
class SourceStallDetectorTest {

    private long now = 1_000;
    private final SourceStallDetector detector = new SourceStallDetector(60_000, () -> now);

    @Test
    void stallsOnceAfterStallAfterWithLagAndNoRecordAndRecoversOnARecord() {
        detector.onRecord();
        now += 59_999;
        assertThat(detector.check(OptionalLong.of(5))).isFalse();
        assertThat(detector.stalled()).isFalse();
        now += 1;
        assertThat(detector.check(OptionalLong.of(5))).as("the check that starts the stall").isTrue();
        assertThat(detector.stalled()).isTrue();
        now += 10_000;
        assertThat(detector.check(OptionalLong.of(5))).as("reported once per stall").isFalse();
        assertThat(detector.stalled()).isTrue();
        assertThat(detector.stalls()).isEqualTo(1);

        detector.onRecord(); // progress again
        assertThat(detector.stalled()).isFalse();
        now += 60_000;
        assertThat(detector.check(OptionalLong.of(1))).isTrue();
        assertThat(detector.stalls()).isEqualTo(2);
    }

    @Test
    void aCaughtUpOrUnknownReaderIsNeverStalledAndRestartsTheStallClock() {
        now += 3_600_000; // an hour without records, caught up
        assertThat(detector.check(OptionalLong.of(0))).isFalse();
        assertThat(detector.check(OptionalLong.empty())).isFalse();
        // new records are pending: the count starts now, not at the last record an hour ago
        assertThat(detector.check(OptionalLong.of(3))).isFalse();
        now += 59_999;
        assertThat(detector.check(OptionalLong.of(3))).isFalse();
        now += 1;
        assertThat(detector.check(OptionalLong.of(3))).isTrue();
        // the lag goes away without a record (e.g. the partition was truncated): the stall ends
        assertThat(detector.check(OptionalLong.of(0))).isFalse();
        assertThat(detector.stalled()).isFalse();
        assertThat(detector.stalls()).isEqualTo(1);
    }
}
