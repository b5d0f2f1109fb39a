package io.eventline.demo;

import io.eventline.events.CustomerRegistered;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderDelivered;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.PaymentFailed;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Realistic order traffic with the faults real brokers deliver: duplicates, out-of-order deliveries within an
 * aggregate, permanent gaps (an event that never comes), malformed records and invalid envelopes. It computes,
 * with its own model ({@link OrderLifecycle}), the read models and dead letters that processing must produce.
 */
public final class OrderTrafficGenerator {

    /** What to generate. Rates are per event. */
    public record Settings(long seed, int orders, int customers, double duplicateRate, double outOfOrderRate,
            int permanentGaps, int malformed, int invalidEnvelopes, double jsonRate, String idPrefix) {

        public static Settings demo(int orders) {
            return new Settings(42, orders, Math.max(1, orders / 4), 0.05, 0.10, Math.max(3, orders / 200),
                    Math.max(5, orders / 300), 3, 0.10, "");
        }

        /** The same traffic shape with other ids and another seed: a second, disjoint batch. */
        public Settings batch(long seed, String idPrefix) {
            return new Settings(seed, orders, customers, duplicateRate, outOfOrderRate, permanentGaps, malformed,
                    invalidEnvelopes, jsonRate, idPrefix);
        }
    }

    private static final Instant EPOCH = Instant.parse("2025-06-28T10:00:00Z");
    private static final String[] SKUS = {"WIDGET-01", "WIDGET-02", "GADGET-07", "GIZMO-11", "DOOHICKEY-3", "SPROCKET-9"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    /** Orders in flight at once: how far apart one order's events land in the stream. */
    private static final int ACTIVE_ORDERS = 40;

    private final Settings settings;
    private final Random random;
    private final Expected expected = new Expected();

    private OrderTrafficGenerator(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    public static TrafficPlan generate(Settings settings) {
        return new OrderTrafficGenerator(settings).plan();
    }

    private TrafficPlan plan() {
        List<List<EventEnvelope>> orders = new ArrayList<>();
        for (int i = 0; i < settings.orders(); i++) {
            orders.add(orderEvents(i));
        }
        Set<String> withheld = withholdForPermanentGaps(orders);
        orders.forEach(events -> expectOrder(events, withheld));

        List<TrafficPlan.Outgoing> stream = interleave(orders, withheld);
        displaceWithinAggregates(stream);
        addDuplicates(stream);
        addCustomerEvents(stream);
        addBadRecords(stream);
        expected.eventsSent = stream.size();
        return new TrafficPlan(stream, expected);
    }

    private List<EventEnvelope> orderEvents(int index) {
        String orderId = settings.idPrefix() + String.format("ord-%06d", index);
        String customerId = settings.idPrefix() + String.format("cust-%05d", random.nextInt(settings.customers()));
        OrderLifecycle lifecycle = OrderLifecycle.pick(random);
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        List<LineItem> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            LineItem item = new LineItem(SKUS[random.nextInt(SKUS.length)], 1 + random.nextInt(5),
                    BigDecimal.valueOf(100 + random.nextInt(20_000), 2));
            items.add(item);
            total = total.add(item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
        }
        Instant placedAt = EPOCH.plusSeconds(index * 7L);
        List<EventEnvelope> events = new ArrayList<>();
        long sequence = 0;
        for (String type : lifecycle.eventTypes) {
            sequence++;
            Object payload = switch (type) {
                case "OrderPlaced" -> new OrderPlaced(orderId, customerId, items, total, currency);
                case "PaymentAuthorized" -> new PaymentAuthorized(orderId, "pay-" + orderId + "-" + sequence, total, currency);
                case "PaymentFailed" -> new PaymentFailed(orderId, "card declined");
                case "OrderShipped" -> new OrderShipped(orderId, "DHL", "TRK" + (1_000_000 + index));
                case "OrderDelivered" -> new OrderDelivered(orderId);
                case "OrderCancelled" -> new OrderCancelled(orderId, "customer request");
                default -> throw new IllegalStateException(type);
            };
            events.add(EventEnvelope.newBuilder()
                    .setEventId("evt-" + orderId + "-" + sequence)
                    .setEventType(type)
                    .setAggregateType("Order")
                    .setAggregateId(orderId)
                    .setSequenceNumber(sequence)
                    .setTimestamp(placedAt.plusSeconds(sequence * 600))
                    .setVersion("1.0")
                    .setCorrelationId("corr-" + orderId)
                    .setCausationId(null)
                    .setPayload(payload)
                    .build());
        }
        return events;
    }

    /** Withholds the second-to-last event of some orders of three or more events: a gap that never closes. */
    private Set<String> withholdForPermanentGaps(List<List<EventEnvelope>> orders) {
        Set<String> withheld = new HashSet<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i).size() >= 3) {
                candidates.add(i);
            }
        }
        java.util.Collections.shuffle(candidates, random);
        for (int i = 0; i < Math.min(settings.permanentGaps(), candidates.size()); i++) {
            List<EventEnvelope> events = orders.get(candidates.get(i));
            withheld.add(events.get(events.size() - 2).getEventId());
            expected.deadLetter("gap-timeout");
        }
        return withheld;
    }

    /** Applies the delivered events of one order, in sequence order, with the generator's own model. */
    private void expectOrder(List<EventEnvelope> events, Set<String> withheld) {
        OrderPlaced placed = (OrderPlaced) events.get(0).getPayload();
        String status = null;
        long version = 0;
        EventEnvelope last = null;
        for (EventEnvelope e : events) {
            if (withheld.contains(e.getEventId())) {
                continue;
            }
            String next = OrderLifecycle.next(status, e.getEventType());
            if (next == null) {
                expected.deadLetter("illegal-transition");
                continue;
            }
            status = next;
            version++;
            last = e;
        }
        int units = placed.getItems().stream().mapToInt(LineItem::getQuantity).sum();
        expected.orders.put(placed.getOrderId(), new Expected.Order(placed.getOrderId(), placed.getCustomerId(),
                status, units, placed.getTotal(), placed.getCurrency(), last.getSequenceNumber(), last.getEventId(), version));

        Expected.Customer before = expected.customers.get(placed.getCustomerId());
        Instant placedAt = events.get(0).getTimestamp();
        boolean cancelled = status.equals("cancelled");
        BigDecimal value = OrderLifecycle.countsTowardLifetimeValue(status) ? placed.getTotal() : BigDecimal.ZERO;
        expected.customers.put(placed.getCustomerId(), before == null
                ? new Expected.Customer(placed.getCustomerId(), 1, cancelled ? 1 : 0, value.setScale(2), placedAt)
                : new Expected.Customer(placed.getCustomerId(), before.ordersPlaced() + 1,
                        before.ordersCancelled() + (cancelled ? 1 : 0), before.lifetimeValue().add(value),
                        placedAt.isAfter(before.lastOrderAt()) ? placedAt : before.lastOrderAt()));
    }

    /** A window of orders in flight; each step emits the next event of a random one. */
    private List<TrafficPlan.Outgoing> interleave(List<List<EventEnvelope>> orders, Set<String> withheld) {
        List<TrafficPlan.Outgoing> stream = new ArrayList<>();
        List<Integer> active = new ArrayList<>();
        Map<Integer, Integer> position = new HashMap<>();
        int nextOrder = 0;
        while (nextOrder < orders.size() || !active.isEmpty()) {
            while (active.size() < ACTIVE_ORDERS && nextOrder < orders.size()) {
                position.put(nextOrder, 0);
                active.add(nextOrder++);
            }
            int slot = random.nextInt(active.size());
            int order = active.get(slot);
            int at = position.get(order);
            EventEnvelope event = orders.get(order).get(at);
            if (!withheld.contains(event.getEventId())) {
                stream.add(TrafficPlan.Outgoing.event(event, random.nextDouble() < settings.jsonRate()));
            }
            if (at + 1 == orders.get(order).size()) {
                active.remove(slot);
            } else {
                position.put(order, at + 1);
            }
        }
        return stream;
    }

    /** Swaps an event with the next one of its aggregate: delivered one position early. */
    private void displaceWithinAggregates(List<TrafficPlan.Outgoing> stream) {
        Map<String, Integer> lastIndex = new LinkedHashMap<>();
        Set<Integer> moved = new HashSet<>();
        for (int i = 0; i < stream.size(); i++) {
            String key = stream.get(i).key();
            Integer previous = lastIndex.put(key, i);
            if (previous != null && !moved.contains(previous) && random.nextDouble() < settings.outOfOrderRate()) {
                TrafficPlan.Outgoing earlier = stream.get(previous);
                stream.set(previous, stream.get(i));
                stream.set(i, earlier);
                moved.add(previous);
                moved.add(i);
                expected.outOfOrderSent++;
            }
        }
    }

    /** Re-sends some events a little later, as a producer retry or a consumer rebalance would. */
    private void addDuplicates(List<TrafficPlan.Outgoing> stream) {
        for (int i = stream.size() - 1; i >= 0; i--) {
            if (random.nextDouble() < settings.duplicateRate()) {
                int at = Math.min(stream.size(), i + 1 + random.nextInt(30));
                stream.add(at, stream.get(i));
                expected.duplicatesSent++;
            }
        }
    }

    /** Customer events share the topic; the order projections skip them (they belong to other read models). */
    private void addCustomerEvents(List<TrafficPlan.Outgoing> stream) {
        for (String customerId : expected.customers.keySet()) {
            EventEnvelope registered = EventEnvelope.newBuilder()
                    .setEventId("evt-" + customerId + "-1").setEventType("CustomerRegistered")
                    .setAggregateType("Customer").setAggregateId(customerId).setSequenceNumber(1L)
                    .setTimestamp(EPOCH).setVersion("1.0").setCorrelationId(null).setCausationId(null)
                    .setPayload(new CustomerRegistered(customerId, "Customer " + customerId, customerId + "@example.com"))
                    .build();
            stream.add(random.nextInt(stream.size() + 1), TrafficPlan.Outgoing.event(registered, false));
        }
    }

    private void addBadRecords(List<TrafficPlan.Outgoing> stream) {
        for (int i = 0; i < settings.malformed(); i++) {
            byte[] junk;
            if (i % 2 == 0) {
                junk = new byte[16 + random.nextInt(64)];
                random.nextBytes(junk);
                junk[0] = (byte) ('A' + random.nextInt(26)); // neither the Avro magic byte nor a JSON object
            } else {
                junk = "{\"eventType\": \"OrderPlaced\", \"eventId\": ".getBytes(StandardCharsets.UTF_8);
            }
            stream.add(random.nextInt(stream.size() + 1), TrafficPlan.Outgoing.raw(settings.idPrefix() + "junk-" + i, junk));
            expected.deadLetter("malformed");
        }
        for (int i = 0; i < settings.invalidEnvelopes(); i++) {
            String orderId = settings.idPrefix() + "ord-invalid-" + i;
            EventEnvelope invalid = EventEnvelope.newBuilder()
                    .setEventId("evt-" + orderId).setEventType("OrderDelivered").setAggregateType("Order")
                    .setAggregateId(orderId).setSequenceNumber(0L).setTimestamp(EPOCH).setVersion("1.0")
                    .setCorrelationId(null).setCausationId(null).setPayload(new OrderDelivered(orderId)).build();
            stream.add(random.nextInt(stream.size() + 1), TrafficPlan.Outgoing.event(invalid, true));
            expected.deadLetter("invalid-envelope");
        }
    }
}
