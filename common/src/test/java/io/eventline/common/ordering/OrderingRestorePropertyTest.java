package io.eventline.common.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash changes nothing: random scripts (permutations, redeliveries, gaps that never close, poison events held
 * and replayed, record timestamps and watermarks as a Kafka source gives them), snapshotted after every step and
 * restored with the wall clock moved on by 0, gap/2, 2×gap or 2×TTL, give exactly the output of the run without a
 * crash: emitted events, dead letters (with their failure time) and counters. Heap and RocksDB.
 */
class OrderingRestorePropertyTest {

    private static final long GAP = 1_000;
    private static final long TTL = 5_000;
    private static final long[] WALL_CLOCK_JUMPS = {0, GAP / 2, 2 * GAP, 2 * TTL};

    sealed interface Step {}

    record Send(EventEnvelope event, long timestamp) implements Step {}

    record Watermark(long time) implements Step {}

    record Hold(String aggregateId, long sequence) implements Step {}

    record Result(List<String> emitted, List<String> deadLetters, List<Long> counters) {
        Result plus(Result later) {
            List<String> e = new ArrayList<>(emitted);
            e.addAll(later.emitted);
            List<String> d = new ArrayList<>(deadLetters);
            d.addAll(later.deadLetters);
            List<Long> c = new ArrayList<>();
            for (int i = 0; i < counters.size(); i++) {
                c.add(counters.get(i) + later.counters.get(i));
            }
            return new Result(e, d, c);
        }
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                LongStream.range(0, 4).mapToObj(seed -> Arguments.of(Backend.HEAP, GapPolicy.SKIP, seed)),
                LongStream.range(100, 102).mapToObj(seed -> Arguments.of(Backend.HEAP, GapPolicy.PARK, seed)),
                LongStream.range(200, 201).mapToObj(seed -> Arguments.of(Backend.ROCKSDB, GapPolicy.SKIP, seed)),
                LongStream.range(300, 301).mapToObj(seed -> Arguments.of(Backend.ROCKSDB, GapPolicy.PARK, seed)))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("scripts")
    void aRestoreAtAnyStepWithTheWallClockMovedGivesTheUninterruptedOutput(Backend backend, GapPolicy policy,
            long seed) throws Exception {
        OrderingConfig config = OrderingConfig.defaults()
                .withGapTimeout(Duration.ofMillis(GAP))
                .withDedupeTtl(Duration.ofMillis(TTL))
                .withGapPolicy(policy)
                .withMaxBufferedPerAggregate(4);
        List<Step> script = script(new Random(seed));
        // One run without a crash, snapshotted after every step (a snapshot does not disturb the run).
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        List<Result> before = new ArrayList<>();
        Result uninterrupted;
        try (OrderingHarness harness = OrderingHarness.withControl(config, backend)) {
            for (Step step : script) {
                run(harness, List.of(step));
                snapshots.add(harness.snapshot());
                before.add(result(harness));
            }
            uninterrupted = result(harness);
            if (policy == GapPolicy.SKIP) {
                // Nothing waits or is held at the end, and only each aggregate's progress is left.
                assertThat(harness.entriesBesidesProgress()).as("state left: %s in %s", harness.stateSummary(), script)
                        .isZero();
                assertThat(harness.timers()).isZero();
            }
        }
        assertThat(uninterrupted.emitted()).as("the script produces output").isNotEmpty();

        // On RocksDB (slower to open) each restore takes the next jump in turn; on the heap every jump at every step.
        for (int split = 1; split < script.size(); split++) {
            long[] jumps = backend == Backend.HEAP
                    ? WALL_CLOCK_JUMPS
                    : new long[] {WALL_CLOCK_JUMPS[split % WALL_CLOCK_JUMPS.length]};
            for (long jump : jumps) {
                try (OrderingHarness restored = OrderingHarness.withControl(config, backend, snapshots.get(split - 1))) {
                    restored.setTime(jump);
                    run(restored, script.subList(split, script.size()));
                    Result crashed = before.get(split - 1).plus(result(restored));
                    if (!crashed.equals(uninterrupted)) {
                        assertThat(crashed).as("restored after step %d of %s with the wall clock %d ms on", split,
                                script, jump).isEqualTo(uninterrupted);
                    }
                }
            }
        }
    }

    /**
     * Two or three aggregates of up to 6 events, each displaced by up to 3 places and sometimes redelivered; some
     * numbers never come (gaps), some are poison: a HOLD command in the event's place, its replay much later.
     * Record timestamps grow by up to gap/2 a record; a watermark follows every few records; at the end the log
     * moves on by more than the TTL.
     */
    static List<Step> script(Random random) {
        List<Step> steps = new ArrayList<>();
        List<List<Step>> lanes = new ArrayList<>();
        List<Step> replays = new ArrayList<>();
        int aggregates = 2 + random.nextInt(2);
        for (int a = 0; a < aggregates; a++) {
            String id = "ord-" + a;
            int length = 1 + random.nextInt(6);
            List<double[]> positions = new ArrayList<>();
            List<Step> lane = new ArrayList<>();
            for (int sequence = 1; sequence <= length; sequence++) {
                double roll = random.nextDouble();
                EventEnvelope event = TestEvents.event(id, sequence);
                double position = sequence + random.nextDouble() * 3;
                if (roll < 0.08) {
                    continue; // never comes
                }
                if (roll < 0.16) {
                    lane.add(new Hold(id, sequence));
                    positions.add(new double[] {position});
                    replays.add(new Send(replayed(event), 0));
                    continue;
                }
                lane.add(new Send(event, 0));
                positions.add(new double[] {position});
                if (random.nextDouble() < 0.15) {
                    lane.add(new Send(TestEvents.redelivery(event), 0));
                    positions.add(new double[] {position + random.nextDouble() * 3});
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < lane.size(); i++) {
                order.add(i);
            }
            order.sort((x, y) -> Double.compare(positions.get(x)[0], positions.get(y)[0]));
            List<Step> sorted = new ArrayList<>();
            order.forEach(i -> sorted.add(lane.get(i)));
            if (!sorted.isEmpty()) {
                lanes.add(sorted);
            }
        }
        List<Step> merged = new ArrayList<>();
        while (!lanes.isEmpty()) {
            int pick = random.nextInt(lanes.size());
            merged.add(lanes.get(pick).remove(0));
            if (lanes.get(pick).isEmpty()) {
                lanes.remove(pick);
            }
        }
        Collections.shuffle(replays, random);
        replays.sort((x, y) -> Long.compare(((Send) x).event().getSequenceNumber(),
                ((Send) y).event().getSequenceNumber())); // eventline dlq replay sends in sequence order
        merged.addAll(replays);
        long time = 1_000_000;
        for (Step step : merged) {
            time += random.nextInt((int) (GAP / 2));
            steps.add(step instanceof Send send ? new Send(send.event(), time) : step);
            if (random.nextDouble() < 0.3) {
                steps.add(new Watermark(time - random.nextInt(100)));
            }
        }
        steps.add(new Watermark(time + 2 * GAP));
        steps.add(new Watermark(time + 2 * GAP + 2 * TTL));
        return steps;
    }

    private static EventEnvelope replayed(EventEnvelope event) {
        return EventEnvelope.newBuilder(event)
                .setReplay(new ReplayInfo("orders.dlq:0:" + event.getSequenceNumber(), "deserialize", "malformed", 2))
                .build();
    }

    private static void run(OrderingHarness harness, List<Step> steps) throws Exception {
        for (Step step : steps) {
            if (step instanceof Send send) {
                harness.sendAt(send.timestamp(), send.event());
            } else if (step instanceof Watermark watermark) {
                harness.watermark(watermark.time());
            } else if (step instanceof Hold hold) {
                harness.hold(hold.aggregateId(), hold.sequence());
            }
        }
    }

    private static Result result(OrderingHarness harness) {
        List<String> emitted = harness.output().stream().map(EventEnvelope::getEventId).toList();
        List<String> deadLetters = harness.deadLetters().stream().map(OrderingRestorePropertyTest::describe).toList();
        OrderingMetrics metrics = harness.metrics();
        return new Result(emitted, deadLetters, List.of(metrics.duplicatesDropped().getCount(),
                metrics.gapsTimedOut().getCount(), metrics.conflicts().getCount(),
                metrics.replaysAdmitted().getCount()));
    }

    private static String describe(DeadLetter letter) {
        return String.join(" | ", letter.getReason(), letter.getAggregateId(), String.valueOf(letter.getEventId()),
                String.valueOf(letter.getSequenceNumber()), letter.getMessage(), letter.getFailedAt().toString());
    }
}
