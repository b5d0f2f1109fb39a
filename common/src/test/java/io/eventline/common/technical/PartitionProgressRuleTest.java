package io.eventline.common.technical;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.technical.PartitionSignal.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stall rule on a driven clock: ticks every 10 s, stall threshold 60 s. */
class PartitionProgressRuleTest {

    private static final long T0 = 1_000_000L;
    private static final long TICK = 10_000L;

    private final PartitionProgressRule rule = new PartitionProgressRule("group-1", Duration.ofSeconds(60));

    @Test
    void aPartitionWithoutLagOrRecordsIsIdleEveryTick() {
        for (int i = 0; i < 10; i++) {
            List<PartitionSignal> signals = rule.observe(List.of(offsets(0, 0, 0)), T0 + i * TICK);
            assertThat(signals).containsExactly(signal(Kind.HEARTBEAT, 0, 0, PartitionState.IDLE, T0, T0 + i * TICK, T0 + i * TICK));
        }
        assertThat(rule.stalledPartitions()).isZero();
    }

    @Test
    void lagWithoutProgressStallsAfterExactlyTheThresholdOnceThenResumesOnce() {
        // committed 4 of 10 and stays there
        for (int i = 0; i < 6; i++) {
            long now = T0 + i * TICK;
            assertThat(rule.observe(List.of(offsets(10, 4, 0)), now)).as("tick " + i)
                    .containsExactly(signal(Kind.HEARTBEAT, 10, 4, PartitionState.PROGRESSING, T0, T0, now));
        }
        long stallAt = T0 + 6 * TICK; // 60 s after the first tick without progress
        assertThat(rule.observe(List.of(offsets(10, 4, 0)), stallAt)).containsExactly(
                signal(Kind.STALLED, 10, 4, PartitionState.STALLED, stallAt, T0, stallAt),
                signal(Kind.HEARTBEAT, 10, 4, PartitionState.STALLED, stallAt, T0, stallAt));
        for (int i = 7; i < 20; i++) {
            long now = T0 + i * TICK;
            assertThat(rule.observe(List.of(offsets(10, 4, 0)), now)).as("still stalled, no second event")
                    .containsExactly(signal(Kind.HEARTBEAT, 10, 4, PartitionState.STALLED, stallAt, T0, now));
        }
        assertThat(rule.stalledPartitions()).isOne();

        long moved = T0 + 20 * TICK;
        assertThat(rule.observe(List.of(offsets(10, 7, 0)), moved)).containsExactly(
                signal(Kind.RESUMED, 10, 7, PartitionState.PROGRESSING, moved, T0, moved),
                signal(Kind.HEARTBEAT, 10, 7, PartitionState.PROGRESSING, moved, moved, moved));
        assertThat(rule.stalledPartitions()).isZero();
        // caught up: idle from the next tick on, no further event
        assertThat(rule.observe(List.of(offsets(10, 10, 0)), moved + TICK))
                .containsExactly(signal(Kind.HEARTBEAT, 10, 10, PartitionState.PROGRESSING, moved, moved + TICK, moved + TICK));
        assertThat(rule.observe(List.of(offsets(10, 10, 0)), moved + 2 * TICK))
                .containsExactly(signal(Kind.HEARTBEAT, 10, 10, PartitionState.IDLE, moved + 2 * TICK, moved + 2 * TICK, moved + 2 * TICK));
    }

    @Test
    void aPartitionThatCommitsEveryTickKeepsProgressingNeverStalls() {
        for (int i = 0; i < 20; i++) {
            long now = T0 + i * TICK;
            List<PartitionSignal> signals = rule.observe(List.of(offsets(1000 + 100 * i, 100 * i, 0)), now);
            assertThat(signals).singleElement().satisfies(s -> {
                assertThat(s.kind).isEqualTo(Kind.HEARTBEAT);
                assertThat(s.state).isEqualTo(PartitionState.PROGRESSING);
                assertThat(s.lag).isEqualTo(1000);
                assertThat(s.noProgressSince).isEqualTo(now);
            });
        }
    }

    @Test
    void aCaughtUpPartitionCountsItsStallFromTheFirstTickWithLagNotFromItsLastCommit() {
        for (int i = 0; i < 10; i++) {
            rule.observe(List.of(offsets(5, 5, 0)), T0 + i * TICK);
        }
        long lagFrom = T0 + 10 * TICK;
        for (int i = 10; i < 16; i++) {
            assertThat(rule.observe(List.of(offsets(8, 5, 0)), T0 + i * TICK)).singleElement()
                    .satisfies(s -> assertThat(s.state).isEqualTo(PartitionState.PROGRESSING));
        }
        assertThat(rule.observe(List.of(offsets(8, 5, 0)), lagFrom + 60_000)).extracting(s -> s.kind)
                .containsExactly(Kind.STALLED, Kind.HEARTBEAT);
    }

    @Test
    void beforeAFirstCommitTheLagCountsFromTheLogStartAndLagGoingAwayEndsAStall() {
        assertThat(rule.observe(List.of(offsets(50, PartitionOffsets.NONE, 20)), T0)).singleElement()
                .satisfies(s -> assertThat(s.lag).isEqualTo(30));
        assertThat(rule.observe(List.of(offsets(50, PartitionOffsets.NONE, 20)), T0 + 60_000)).extracting(s -> s.kind)
                .containsExactly(Kind.STALLED, Kind.HEARTBEAT);
        // retention deleted the unread records: no lag, so nothing waits any more
        assertThat(rule.observe(List.of(offsets(50, PartitionOffsets.NONE, 50)), T0 + 70_000)).containsExactly(
                withLag(signal(Kind.RESUMED, 50, PartitionOffsets.NONE, PartitionState.IDLE, T0 + 70_000, T0, T0 + 70_000), 0),
                withLag(signal(Kind.HEARTBEAT, 50, PartitionOffsets.NONE, PartitionState.IDLE, T0 + 70_000, T0 + 70_000,
                        T0 + 70_000), 0));
    }

    @Test
    void partitionsAreJudgedEachOnItsOwn() {
        List<PartitionSignal> last = List.of();
        for (int i = 0; i <= 6; i++) {
            last = rule.observe(List.of(offsets(0, 0, 0, 0), offsets(1, 10, 4, 0), offsets(2, 100 + i, 100 + i, 0)),
                    T0 + i * TICK);
        }
        assertThat(last).extracting(s -> s.kind + "/" + s.partition + "/" + s.state).containsExactly(
                "HEARTBEAT/0/IDLE", "STALLED/1/STALLED", "HEARTBEAT/1/STALLED", "HEARTBEAT/2/PROGRESSING");
        assertThat(rule.stalledPartitions()).isOne();
    }

    private static PartitionOffsets offsets(long end, long committed, long start) {
        return offsets(0, end, committed, start);
    }

    private static PartitionOffsets offsets(int partition, long end, long committed, long start) {
        return new PartitionOffsets("orders", partition, start, end, committed);
    }

    private static PartitionSignal signal(Kind kind, long end, long committed, PartitionState state, long stateSince,
            long noProgressSince, long at) {
        return PartitionSignal.of(kind, "group-1", offsets(end, committed, 0), state, stateSince, noProgressSince, at);
    }

    private static PartitionSignal withLag(PartitionSignal s, long lag) {
        s.lag = lag;
        return s;
    }
}
