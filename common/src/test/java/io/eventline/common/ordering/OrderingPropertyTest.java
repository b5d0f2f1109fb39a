package io.eventline.common.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.events.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever permutation (bounded displacement) and redeliveries the broker produces, each aggregate comes out as
 * exactly 1..N, once, in order, with every redelivery counted, and nothing but each aggregate's progress is left
 * after the TTL.
 */
class OrderingPropertyTest {

    private static final OrderingConfig CONFIG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMinutes(1))
            .withDedupeTtl(Duration.ofMinutes(10))
            .withMaxBufferedPerAggregate(1_000);

    static Stream<Arguments> seeds() {
        return Stream.concat(
                LongStream.range(0, 200).mapToObj(seed -> Arguments.of(Backend.HEAP, seed)),
                LongStream.range(0, 8).mapToObj(seed -> Arguments.of(Backend.ROCKSDB, 1_000 + seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void everyAggregateComesOutExactlyOnceInOrder(Backend backend, long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Integer> lengths = new LinkedHashMap<>();
        int aggregates = 1 + random.nextInt(5);
        for (int a = 0; a < aggregates; a++) {
            lengths.put("ord-" + seed + "-" + a, 1 + random.nextInt(40));
        }
        int maxDisplacement = random.nextInt(9);
        double duplicateRate = random.nextDouble() * 0.3;
        List<EventEnvelope> arrivals = arrivals(lengths, maxDisplacement, duplicateRate, random);
        int expectedDuplicates = arrivals.size() - lengths.values().stream().mapToInt(Integer::intValue).sum();

        try (OrderingHarness harness = OrderingHarness.eventsOnly(CONFIG, backend)) {
            for (EventEnvelope event : arrivals) {
                harness.send(event);
            }

            for (Map.Entry<String, Integer> aggregate : lengths.entrySet()) {
                assertThat(harness.outputSequences(aggregate.getKey()))
                        .as("aggregate %s", aggregate.getKey())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, aggregate.getValue()).boxed().toList());
            }
            assertThat(harness.output()).hasSize(arrivals.size() - expectedDuplicates);
            assertThat(harness.deadLetters()).isEmpty();
            assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(expectedDuplicates);
            assertThat(harness.metrics().eventsBuffered()).isZero();

            harness.setTime(CONFIG.dedupeTtl().toMillis());
            assertThat(harness.entriesBesidesProgress()).isZero();
            assertThat(harness.keysWith(OrderingState.PROGRESS)).as("O(1) progress per aggregate")
                    .isEqualTo(aggregates);
            assertThat(harness.timers()).isZero();
        }
    }

    /** Per aggregate: each event displaced by at most {@code maxDisplacement}, copies a little later; interleaved. */
    private static List<EventEnvelope> arrivals(Map<String, Integer> lengths, int maxDisplacement,
            double duplicateRate, Random random) {
        List<List<EventEnvelope>> perAggregate = new ArrayList<>();
        for (Map.Entry<String, Integer> aggregate : lengths.entrySet()) {
            record Arrival(double position, EventEnvelope event) {}
            List<Arrival> order = new ArrayList<>();
            for (int sequence = 1; sequence <= aggregate.getValue(); sequence++) {
                EventEnvelope event = TestEvents.event(aggregate.getKey(), sequence);
                double position = sequence + random.nextDouble() * maxDisplacement;
                order.add(new Arrival(position, event));
                while (random.nextDouble() < duplicateRate) {
                    order.add(new Arrival(position + random.nextDouble() * (maxDisplacement + 3),
                            TestEvents.redelivery(event)));
                }
            }
            order.sort(Comparator.comparingDouble(Arrival::position));
            perAggregate.add(new ArrayList<>(order.stream().map(Arrival::event).toList()));
        }
        List<EventEnvelope> merged = new ArrayList<>();
        while (!perAggregate.isEmpty()) {
            int pick = random.nextInt(perAggregate.size());
            merged.add(perAggregate.get(pick).remove(0));
            if (perAggregate.get(pick).isEmpty()) {
                perAggregate.remove(pick);
            }
        }
        return merged;
    }
}
