package io.eventline.jobs.orders.projection;

import io.eventline.events.CustomerRegistered;
import io.eventline.events.CustomerUpdated;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderDelivered;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.PaymentFailed;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test events of the order domain, and the fixed scenario most tests use. */
public final class OrderEvents {

    public static final Instant T0 = Instant.parse("2025-06-28T10:00:00Z");
    /** The processing time the status projection sees in tests. */
    public static final Instant NOW = T0.plus(Duration.ofHours(1));

    private OrderEvents() {}

    public static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static EventEnvelope envelope(String aggregateType, String aggregateId, Long seq, Instant ts, Object payload) {
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + aggregateId + "-" + seq)
                .setEventType(payload.getClass().getSimpleName())
                .setAggregateType(aggregateType)
                .setAggregateId(aggregateId)
                .setSequenceNumber(seq)
                .setTimestamp(ts)
                .setVersion("1.0")
                .setPayload(payload)
                .build();
    }

    public static LineItem item(String sku, int quantity, String unitPrice) {
        return new LineItem(sku, quantity, new BigDecimal(unitPrice));
    }

    public static EventEnvelope placed(String orderId, String customerId, long seq, Instant ts, String total, LineItem... items) {
        return envelope("Order", orderId, seq, ts,
                new OrderPlaced(orderId, customerId, List.of(items), new BigDecimal(total), "USD"));
    }

    public static EventEnvelope paid(String orderId, long seq, Instant ts, String amount) {
        return envelope("Order", orderId, seq, ts, new PaymentAuthorized(orderId, "pay-" + orderId + "-" + seq,
                new BigDecimal(amount), "USD"));
    }

    public static EventEnvelope paymentFailed(String orderId, long seq, Instant ts) {
        return envelope("Order", orderId, seq, ts, new PaymentFailed(orderId, "card declined"));
    }

    public static EventEnvelope shipped(String orderId, long seq, Instant ts) {
        return envelope("Order", orderId, seq, ts, new OrderShipped(orderId, "DHL", "TRK-" + orderId));
    }

    public static EventEnvelope delivered(String orderId, long seq, Instant ts) {
        return envelope("Order", orderId, seq, ts, new OrderDelivered(orderId));
    }

    public static EventEnvelope cancelled(String orderId, long seq, Instant ts) {
        return envelope("Order", orderId, seq, ts, new OrderCancelled(orderId, "customer request"));
    }

    public static EventEnvelope customerRegistered(String customerId, long seq, Instant ts) {
        return envelope("Customer", customerId, seq, ts, new CustomerRegistered(customerId, "Ada", "ada@example.com", null));
    }

    public static EventEnvelope customerRegistered(String customerId, long seq, Instant ts, String name, String tier) {
        return envelope("Customer", customerId, seq, ts,
                new CustomerRegistered(customerId, name, customerId + "@example.com", tier));
    }

    /** A CustomerUpdated; null fields are left unchanged. */
    public static EventEnvelope customerUpdated(String customerId, long seq, Instant ts, String name, String tier) {
        return envelope("Customer", customerId, seq, ts, new CustomerUpdated(customerId, name, null, tier));
    }

    /**
     * The scenario, order by order: five orders of three customers, one customer event (skipped by these
     * projections) and two illegal events (dead-lettered).
     */
    public static List<EventEnvelope> scenario() {
        return List.of(
                customerRegistered("cust-1", 1, at(-5)),
                placed("ord-1", "cust-1", 1, at(0), "109.98", item("WIDGET-01", 2, "49.99"), item("CABLE-02", 1, "10.00")),
                paid("ord-1", 2, at(1), "109.98"),
                shipped("ord-1", 3, at(2)),
                delivered("ord-1", 4, at(3)),
                placed("ord-2", "cust-1", 1, at(10), "20.00", item("BOOK-07", 1, "20.00")),
                cancelled("ord-2", 2, at(11)),
                shipped("ord-2", 3, at(12)),                       // illegal: cancelled
                placed("ord-3", "cust-2", 1, at(5), "5.50", item("PEN-03", 1, "5.50")),
                paymentFailed("ord-3", 2, at(6)),
                paid("ord-3", 3, at(7), "5.50"),
                placed("ord-4", "cust-2", 1, at(20), "100.00", item("LAMP-04", 4, "25.00")),
                paid("ord-4", 2, at(21), "100.00"),
                cancelled("ord-4", 3, at(22)),
                shipped("ord-9", 1, at(25)),                       // illegal: unknown order
                placed("ord-5", "cust-3", 1, at(30), "12.34", item("MUG-05", 2, "6.17")));
    }

    /** The first events of every aggregate: what a run had seen before a restart, in scenario order. */
    public static List<EventEnvelope> prefix(List<EventEnvelope> events, int perAggregate) {
        List<EventEnvelope> out = new ArrayList<>();
        for (EventEnvelope e : events) {
            if (e.getSequenceNumber() <= perAggregate) {
                out.add(e);
            }
        }
        return out;
    }

    /** The same events interleaved differently across aggregates; each aggregate keeps its own order. */
    public static List<EventEnvelope> interleave(List<EventEnvelope> events, long seed) {
        Map<String, List<EventEnvelope>> byAggregate = new LinkedHashMap<>();
        for (EventEnvelope e : events) {
            byAggregate.computeIfAbsent(e.getAggregateType() + "/" + e.getAggregateId(), k -> new ArrayList<>()).add(e);
        }
        List<List<EventEnvelope>> queues = new ArrayList<>(byAggregate.values());
        Random random = new Random(seed);
        List<EventEnvelope> out = new ArrayList<>();
        int[] next = new int[queues.size()];
        while (out.size() < events.size()) {
            int q = random.nextInt(queues.size());
            if (next[q] < queues.get(q).size()) {
                out.add(queues.get(q).get(next[q]++));
            }
        }
        return out;
    }

    /** Round-robin across aggregates: the most interleaved order. */
    public static List<EventEnvelope> roundRobin(List<EventEnvelope> events) {
        List<EventEnvelope> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(EventEnvelope::getSequenceNumber)); // stable: keeps aggregate order
        return sorted;
    }

    /**
     * {@code orders} orders with {@code eventsPerOrder} events each: OrderPlaced, then PaymentFailed retries,
     * then PaymentAuthorized, OrderShipped, OrderDelivered. {@code concurrent} orders are in flight at a time,
     * their events round-robin.
     */
    public static List<EventEnvelope> longLivedOrders(int orders, int eventsPerOrder, int customers, int concurrent) {
        List<EventEnvelope> out = new ArrayList<>();
        for (int start = 0; start < orders; start += concurrent) {
            int end = Math.min(orders, start + concurrent);
            for (int seq = 1; seq <= eventsPerOrder; seq++) {
                for (int o = start; o < end; o++) {
                    String orderId = "ord-" + o;
                    Instant ts = T0.plusSeconds(o * 1000L + seq);
                    EventEnvelope e;
                    if (seq == 1) {
                        e = placed(orderId, "cust-" + (o % customers), 1, ts, "30.00", item("SKU-" + o, 3, "10.00"));
                    } else if (seq == eventsPerOrder) {
                        e = delivered(orderId, seq, ts);
                    } else if (seq == eventsPerOrder - 1) {
                        e = shipped(orderId, seq, ts);
                    } else if (seq == eventsPerOrder - 2) {
                        e = paid(orderId, seq, ts, "30.00");
                    } else {
                        e = paymentFailed(orderId, seq, ts);
                    }
                    out.add(e);
                }
            }
        }
        return out;
    }
}
