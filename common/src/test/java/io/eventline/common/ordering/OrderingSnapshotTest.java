package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A snapshot taken at any point of a run (events waiting, gap and cleanup timers pending, aggregates parked),
 * restored into a new harness, gives exactly the output of the uninterrupted run, on the heap and on RocksDB.
 */
class OrderingSnapshotTest {

    private static final long GAP_TIMEOUT = 1_000;
    private static final long TTL = 10_000;

    sealed interface Step {}

    record Send(EventEnvelope event) implements Step {}

    record At(long processingTime) implements Step {}

    record Unpark(String aggregateId) implements Step {}

    /** What a run produced; summed over the harnesses of a restored run. */
    record Result(List<String> emitted, List<String> deadLetters, long duplicates, long gaps, long conflicts) {
        Result plus(Result later) {
            List<String> e = new ArrayList<>(emitted);
            e.addAll(later.emitted);
            List<String> d = new ArrayList<>(deadLetters);
            d.addAll(later.deadLetters);
            return new Result(e, d, duplicates + later.duplicates, gaps + later.gaps, conflicts + later.conflicts);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Backend.values())
                .flatMap(backend -> Stream.of(GapPolicy.values()).map(policy -> Arguments.of(backend, policy)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void restoringAtAnyStepGivesTheUninterruptedOutput(Backend backend, GapPolicy policy) throws Exception {
        OrderingConfig config = OrderingConfig.defaults()
                .withGapTimeout(Duration.ofMillis(GAP_TIMEOUT))
                .withDedupeTtl(Duration.ofMillis(TTL))
                .withGapPolicy(policy)
                .withMaxBufferedPerAggregate(3);
        List<Step> script = script();
        Result uninterrupted;
        try (OrderingHarness harness = OrderingHarness.withControl(config, backend)) {
            run(harness, script);
            uninterrupted = result(harness);
            assertNothingLeft(harness);
        }
        if (policy == GapPolicy.SKIP) {
            assertThat(uninterrupted.emitted()).containsExactly(
                    "a-1", "b-1", "b-2", "c-1", "a-3", "a-4", "c-3", "c-4", "c-5", "b-3", "b-4", "a-5", "c-6");
            assertThat(uninterrupted.deadLetters()).extracting(OrderingSnapshotTest::identity).containsExactly(
                    "gap-timeout a null 2", "gap-timeout c null 2", "late-after-skip a a-2 2",
                    "conflict a a-5-other 5", "late-after-skip c c-2 2");
            assertThat(uninterrupted.gaps()).isEqualTo(2);
        } else {
            assertThat(uninterrupted.emitted()).containsExactly(
                    "a-1", "b-1", "b-2", "c-1", "a-3", "a-4", "b-3", "b-4", "a-5", "c-3", "c-5", "c-6");
            assertThat(uninterrupted.deadLetters()).extracting(OrderingSnapshotTest::identity).containsExactly(
                    "gap-timeout a null 2", "gap-timeout c null 2", "parked a a-2 2", "parked c c-4 4",
                    "conflict a a-5-other 5", "late-after-skip c c-2 2", "gap-timeout c null 4");
            assertThat(uninterrupted.gaps()).isEqualTo(3);
        }
        assertThat(uninterrupted.duplicates()).isEqualTo(3);
        assertThat(uninterrupted.conflicts()).isEqualTo(1);

        for (int split = 1; split < script.size(); split++) {
            Result first;
            OperatorSubtaskState snapshot;
            long bufferedAtSnapshot;
            long timeAtSnapshot;
            try (OrderingHarness harness = OrderingHarness.withControl(config, backend)) {
                run(harness, script.subList(0, split));
                first = result(harness);
                bufferedAtSnapshot = harness.metrics().eventsBuffered();
                timeAtSnapshot = harness.harness().getProcessingTime();
                if (split == MIDDLE) {
                    assertThat(bufferedAtSnapshot).as("events waiting at the snapshot").isEqualTo(4);
                    assertThat(harness.timers()).as("gap and cleanup timers pending").isEqualTo(6);
                }
                snapshot = harness.snapshot();
            }
            try (OrderingHarness restored = OrderingHarness.withControl(config, backend, snapshot)) {
                assertThat(restored.metrics().eventsBuffered()).isEqualTo(bufferedAtSnapshot);
                restored.setTime(timeAtSnapshot);
                run(restored, script.subList(split, script.size()));
                assertThat(first.plus(result(restored))).as("restored after step %d", split).isEqualTo(uninterrupted);
                assertNothingLeft(restored);
            }
        }
    }

    /** Index of a step before which a, b and c all wait for a gap. */
    private static final int MIDDLE = 11;

    private static List<Step> script() {
        EventEnvelope a3 = event("a", 3);
        return List.of(
                new Send(event("a", 1)), new Send(a3), new Send(event("a", 4)), new Send(event("b", 2)),
                new Send(event("b", 1)), new Send(event("c", 1)), new Send(redelivery(event("c", 1))),
                new Send(redelivery(a3)), new Send(event("c", 5)), new At(500), new Send(event("b", 4)),
                // MIDDLE: a waits for 2 (3, 4), b for 3 (4), c for 2 (5)
                new Send(event("c", 3)), new At(1_000), new Send(event("a", 2)), new Unpark("a"),
                new Send(event("c", 4)), new Send(event("b", 3)), new Send(event("a", 5)),
                new Send(event("a", 5L, "a-5-other")), new At(1_499), new Unpark("c"), new At(1_500),
                new Send(event("c", 6)), new Send(event("c", 2)), new Unpark("c"), new Send(event("c", 6)),
                new At(3_000), new Unpark("c"), new At(20_000));
    }

    private static void run(OrderingHarness harness, List<Step> steps) throws Exception {
        for (Step step : steps) {
            if (step instanceof Send send) {
                harness.send(send.event());
            } else if (step instanceof At at) {
                harness.setTime(at.processingTime());
            } else if (step instanceof Unpark unpark) {
                harness.unpark(unpark.aggregateId());
            }
        }
    }

    private static Result result(OrderingHarness harness) {
        List<String> emitted = harness.output().stream().map(EventEnvelope::getEventId).toList();
        List<String> deadLetters = harness.deadLetters().stream().map(OrderingSnapshotTest::describe).toList();
        OrderingMetrics metrics = harness.metrics();
        return new Result(emitted, deadLetters, metrics.duplicatesDropped().getCount(),
                metrics.gapsTimedOut().getCount(), metrics.conflicts().getCount());
    }

    private static String describe(DeadLetter letter) {
        return String.join(" | ", letter.getReason(), letter.getAggregateId(), String.valueOf(letter.getEventId()),
                String.valueOf(letter.getSequenceNumber()), letter.getMessage(), letter.getFailedAt().toString());
    }

    /** Reason, aggregate, eventId and sequence number of a described dead letter. */
    private static String identity(String described) {
        return String.join(" ", List.of(described.split(" \\| ")).subList(0, 4));
    }

    private static void assertNothingLeft(OrderingHarness harness) throws Exception {
        assertThat(harness.entriesBesidesProgress()).isZero();
        assertThat(harness.keysWith(OrderingState.PROGRESS)).as("a, b, c keep their O(1) progress").isEqualTo(3);
        assertThat(harness.timers()).isZero();
        assertThat(harness.metrics().eventsBuffered()).isZero();
    }
}
