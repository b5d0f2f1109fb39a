package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderTrafficGeneratorTest {

    private static final OrderTrafficGenerator.Settings SETTINGS = new OrderTrafficGenerator.Settings(
            7, 400, 100, 0.05, 0.10, 4, 6, 3, 0.10, "");

    @Test
    void sameSeedSamePlan() {
        TrafficPlan a = OrderTrafficGenerator.generate(SETTINGS);
        TrafficPlan b = OrderTrafficGenerator.generate(SETTINGS);
        assertThat(a.records()).hasSameSizeAs(b.records());
        for (int i = 0; i < a.records().size(); i++) {
            assertThat(a.records().get(i).key()).isEqualTo(b.records().get(i).key());
            assertThat(a.records().get(i).event()).isEqualTo(b.records().get(i).event());
        }
        assertThat(a.expected().orders).isEqualTo(b.expected().orders);
    }

    @Test
    void streamHoldsEveryEventButTheWithheldOnesWithTheAnnouncedFaults() {
        TrafficPlan plan = OrderTrafficGenerator.generate(SETTINGS);
        Expected expected = plan.expected();

        Map<String, Integer> deliveries = new HashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        long raw = 0, outOfOrder = 0;
        for (TrafficPlan.Outgoing out : plan.records()) {
            if (out.event() == null) {
                raw++;
                continue;
            }
            EventEnvelope e = out.event();
            if (deliveries.merge(e.getEventId(), 1, Integer::sum) == 1 && e.getSequenceNumber() > 0) {
                Long before = lastSequence.put(e.getAggregateId(), e.getSequenceNumber());
                if (before != null && e.getSequenceNumber() < before) {
                    outOfOrder++;
                }
            }
        }
        long duplicates = deliveries.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(raw).isEqualTo(6);
        assertThat(duplicates).isEqualTo(expected.duplicatesSent).isPositive();
        assertThat(outOfOrder).isPositive().isLessThanOrEqualTo(expected.outOfOrderSent);
        assertThat(expected.eventsSent).isEqualTo(plan.records().size());
        assertThat(expected.deadLettersByReason)
                .containsEntry("gap-timeout", 4L).containsEntry("malformed", 6L).containsEntry("invalid-envelope", 3L);

        // Each order's delivered sequence numbers: 1..n with exactly one hole for the orders with a permanent gap.
        Map<String, Set<Long>> sequences = new HashMap<>();
        plan.records().stream().filter(o -> o.event() != null && o.event().getAggregateType().equals("Order")
                        && o.event().getSequenceNumber() > 0)
                .forEach(o -> sequences.computeIfAbsent(o.key(), k -> new HashSet<>()).add(o.event().getSequenceNumber()));
        long withHole = sequences.values().stream()
                .filter(s -> s.size() != s.stream().mapToLong(Long::longValue).max().orElse(0)).count();
        assertThat(sequences).hasSize(400);
        assertThat(withHole).isEqualTo(4);
    }

    @Test
    void expectationFollowsTheLifecycleModel() {
        Expected expected = OrderTrafficGenerator.generate(SETTINGS).expected();
        assertThat(expected.orders).hasSize(400);
        long placed = expected.customers.values().stream().mapToLong(Expected.Customer::ordersPlaced).sum();
        long cancelled = expected.orders.values().stream().filter(o -> o.status().equals("cancelled")).count();
        assertThat(placed).isEqualTo(400);
        assertThat(expected.customers.values().stream().mapToLong(Expected.Customer::ordersCancelled).sum())
                .isEqualTo(cancelled);
        assertThat(expected.orders.values()).allSatisfy(o -> {
            assertThat(o.version()).isBetween(1L, o.lastSequence());
            assertThat(o.lastEventId()).isEqualTo("evt-" + o.orderId() + "-" + o.lastSequence());
        });
        assertThat(OrderLifecycle.next(null, "OrderShipped")).isNull();
        assertThat(OrderLifecycle.next("paid", "OrderDelivered")).isNull();
        assertThat(OrderLifecycle.next("payment_failed", "PaymentAuthorized")).isEqualTo("paid");
    }

    @Test
    void aSecondBatchHasDisjointIdsAndTheExpectationsAdd() {
        Expected first = OrderTrafficGenerator.generate(SETTINGS).expected();
        Expected second = OrderTrafficGenerator.generate(SETTINGS.batch(8, "b2-")).expected();
        assertThat(second.orders.keySet()).allSatisfy(id -> assertThat(id).startsWith("b2-ord-"));
        Expected sum = first.plus(second);
        assertThat(sum.orders).hasSize(800);
        assertThat(sum.customers).hasSize(first.customers.size() + second.customers.size());
        assertThat(sum.deadLettersByReason.get("gap-timeout")).isEqualTo(8L);
        assertThat(sum.deadLetters()).isEqualTo(first.deadLetters() + second.deadLetters());
    }

    @Test
    void jsonRecordsDecodeBackToTheSameEnvelope() throws Exception {
        TrafficPlan plan = OrderTrafficGenerator.generate(SETTINGS);
        List<TrafficPlan.Outgoing> json = plan.records().stream()
                .filter(o -> o.event() != null && o.asJson() && o.event().getSequenceNumber() > 0).toList();
        assertThat(json).hasSizeGreaterThan(50);
        OrderEnvelopeCodec decoder = new OrderEnvelopeCodec();
        for (TrafficPlan.Outgoing out : json) {
            assertThat(decoder.fromJson(EnvelopeJson.encode(out.event()))).isEqualTo(out.event());
        }
    }
}
