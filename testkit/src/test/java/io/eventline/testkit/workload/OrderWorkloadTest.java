package io.eventline.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderWorkloadTest {

    private static final WorkloadSettings SETTINGS = WorkloadSettings.builder().seed(7).events(1500).aggregates(400)
            .customers(100).duplicateRate(0.05).outOfOrderRate(0.10).gapRate(4 / 1500.0).malformed(6)
            .invalidEnvelopes(3).jsonRate(0.10).customerEvents(true).build();

    @Test
    void sameSeedSameRecords() {
        List<Outgoing> a = new OrderWorkload(SETTINGS).remaining();
        List<Outgoing> b = new OrderWorkload(SETTINGS).remaining();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
            assertThat(a.get(i).event()).isEqualTo(b.get(i).event());
            assertThat(a.get(i).asJson()).isEqualTo(b.get(i).asJson());
        }
    }

    @Test
    void streamHoldsEveryEventButTheWithheldOnesWithTheAnnouncedFaults() {
        OrderWorkload w = new OrderWorkload(SETTINGS);
        List<Outgoing> records = w.remaining();

        Map<String, Integer> deliveries = new HashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        long raw = 0, invalid = 0, outOfOrder = 0, json = 0, customerEvents = 0;
        for (Outgoing out : records) {
            if (out.event() == null) {
                raw++;
                continue;
            }
            EventEnvelope e = out.event();
            json += out.asJson() ? 1 : 0;
            if (e.getSequenceNumber() == 0) {
                invalid++;
            } else if (e.getAggregateType().equals("Customer")) {
                customerEvents += deliveries.merge(e.getEventId(), 1, Integer::sum) == 1 ? 1 : 0;
            } else if (deliveries.merge(e.getEventId(), 1, Integer::sum) == 1) {
                Long before = lastSequence.put(e.getAggregateId(), e.getSequenceNumber());
                if (before != null && e.getSequenceNumber() < before) {
                    outOfOrder++;
                }
            }
        }
        long duplicates = deliveries.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(raw).isEqualTo(6);
        assertThat(invalid).isEqualTo(3);
        assertThat(records).hasSize((int) w.records());
        assertThat(duplicates).isEqualTo(w.duplicatesSent()).isPositive();
        assertThat(outOfOrder).isPositive().isLessThanOrEqualTo(w.outOfOrderSent());
        assertThat(json).isBetween(100L, 250L);
        assertThat(customerEvents).isEqualTo(Arrays.stream(w.expectedCustomers()).filter(Objects::nonNull).count());
        assertThat(w.gaps()).isEqualTo(4);
        assertThat(w.expectedDeadLetters()).containsEntry("gap-timeout", 4L).containsEntry("malformed", 6L)
                .containsEntry("invalid-envelope", 3L);

        // Each order's delivered sequence numbers: 1..n with exactly one hole for the orders with a permanent gap.
        Map<String, Set<Long>> sequences = new HashMap<>();
        records.stream().filter(o -> o.aggregate() >= 0)
                .forEach(o -> sequences.computeIfAbsent(o.key(), k -> new HashSet<>()).add(o.sequence()));
        long withHole = sequences.values().stream()
                .filter(s -> s.size() != s.stream().mapToLong(Long::longValue).max().orElse(0)).count();
        assertThat(sequences).hasSize((int) w.ordersPresent());
        assertThat(withHole).isEqualTo(4);
    }

    @Test
    void expectationFollowsTheLifecycleModel() {
        OrderWorkload w = new OrderWorkload(SETTINGS);
        w.remaining();
        List<OrderRow> orders = new java.util.ArrayList<>();
        for (int k = 0; k < w.aggregates(); k++) {
            if (w.hasOrder(k)) {
                orders.add(w.expectedOrder(k));
            }
        }
        CustomerRow[] customers = w.expectedCustomers();
        long placed = Arrays.stream(customers).filter(Objects::nonNull).mapToLong(CustomerRow::ordersPlaced).sum();
        long cancelled = orders.stream().filter(o -> o.status().equals("cancelled")).count();
        assertThat(placed).isEqualTo(orders.size()).isEqualTo(w.ordersPresent());
        assertThat(Arrays.stream(customers).filter(Objects::nonNull).mapToLong(CustomerRow::ordersCancelled).sum())
                .isEqualTo(cancelled);
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.version()).isBetween(1L, o.lastSequence());
            assertThat(o.lastEventId()).isEqualTo("evt-" + o.orderId() + "-" + o.lastSequence());
        });
        assertThat(orders.stream().mapToLong(OrderRow::version).sum()).isEqualTo(w.expectedVersionSum());
        assertThat(OrderLifecycle.next(null, "OrderShipped")).isNull();
        assertThat(OrderLifecycle.next("paid", "OrderDelivered")).isNull();
        assertThat(OrderLifecycle.next("payment_failed", "PaymentAuthorized")).isEqualTo("paid");
    }

    @Test
    void aSecondBatchHasDisjointIds() {
        OrderWorkload first = new OrderWorkload(SETTINGS);
        OrderWorkload second = new OrderWorkload(SETTINGS.batch(8, "b2-"));
        assertThat(second.orderId(3)).isEqualTo("b2-ord-0000003");
        assertThat(first.orderIndex(second.orderId(3))).isEqualTo(-1);
        assertThat(second.orderIndex(second.orderId(3))).isEqualTo(3);
        assertThat(first.customerIndex(second.customerId(3))).isEqualTo(-1);
    }

    @Test
    void displacedBacklogSendsEventsFarBehindTheirSuccessors() {
        WorkloadSettings s = WorkloadSettings.builder().seed(3).events(400_000).aggregates(100_000)
                .displacedBacklog(0.001, 150_000).build();
        OrderWorkload w = new OrderWorkload(s);
        Map<String, Long> firstSuccessorAt = new HashMap<>();
        Set<String> sent = new HashSet<>();
        long displaced = 0, farBehind = 0, lastAtEnd = Long.MAX_VALUE, position = 0;
        for (Outgoing out; (out = w.next()) != null; position++) {
            String id = out.event().getEventId();
            sent.add(id);
            String predecessor = "evt-" + out.key() + "-" + (out.sequence() - 1);
            if (out.sequence() > 1 && !sent.contains(predecessor)) {
                firstSuccessorAt.putIfAbsent(predecessor, position);
            }
            Long successorAt = firstSuccessorAt.get(id);
            if (successorAt != null) {
                displaced++;
                if (position - successorAt >= 150_000 && position - successorAt <= 150_005) {
                    farBehind++;
                } else {
                    lastAtEnd = Math.min(lastAtEnd, position);
                }
            }
        }
        assertThat(w.backlogDisplacedSent()).isGreaterThan(200).isEqualTo(displaced);
        // each arrived 150K records (+ the step that passed the deadline) after its first successor, or was still held when the stream ended
        assertThat(farBehind).isGreaterThan(displaced / 3);
        assertThat(lastAtEnd).isGreaterThanOrEqualTo(w.records() - (displaced - farBehind));
        assertThat(position).isEqualTo(w.records()).isEqualTo(400_000);
        assertThat(w.describe()).contains("displaced 150,000 records behind their successors");
    }

    @Test
    void customersCountIsAParameterAndOneMillionOrdersFit() {
        WorkloadSettings s = WorkloadSettings.builder().events(2_000_000).aggregates(1_000_000).customers(250_000).build();
        OrderWorkload w = new OrderWorkload(s);
        long n = 0;
        while (w.next() != null) {
            n++;
        }
        assertThat(n).isEqualTo(2_000_000);
        assertThat(w.customerCount()).isEqualTo(250_000);
        assertThat(w.ordersPresent()).isBetween(850_000L, 880_000L); // 1 - e^-2 of the orders get an event
    }
}
