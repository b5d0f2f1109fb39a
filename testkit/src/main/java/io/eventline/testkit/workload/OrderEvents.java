package io.eventline.testkit.workload;

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
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** What the workload's records look like: order and customer envelopes, invalid envelopes, junk bytes. */
final class OrderEvents {

    private final OrderCatalog orders;

    OrderEvents(OrderCatalog orders) {
        this.orders = orders;
    }

    BigDecimal total(int k) {
        return BigDecimal.valueOf(orders.totalCents[k], 2);
    }

    /** Event {@code s} of order {@code k}, of type {@code type}, occurring at {@code ts}. */
    EventEnvelope orderEvent(int k, int s, String type, long ts) {
        String orderId = orders.orderId(k);
        String currency = OrderCatalog.CURRENCIES[orders.currency[k]];
        Object payload = switch (type) {
            case "OrderPlaced" -> {
                Random ar = orders.aggregateRandom(k);
                OrderLifecycle.pick(ar); // the draws before the line items, as in the catalog
                ar.nextInt(orders.customers);
                ar.nextInt(OrderCatalog.CURRENCIES.length);
                List<LineItem> items = new ArrayList<>();
                for (int i = 0, n = 1 + ar.nextInt(4); i < n; i++) {
                    String sku = OrderCatalog.SKUS[ar.nextInt(OrderCatalog.SKUS.length)];
                    int q = 1 + ar.nextInt(5);
                    items.add(new LineItem(sku, q, BigDecimal.valueOf(100 + ar.nextInt(20_000), 2)));
                }
                yield new OrderPlaced(orderId, orders.customerId(orders.customer[k]), items, total(k), currency);
            }
            case "PaymentAuthorized" -> new PaymentAuthorized(orderId, "pay-" + orderId + "-" + s, total(k), currency);
            case "PaymentFailed" -> new PaymentFailed(orderId, "card declined by issuer (code 05, do not honour); attempt "
                    + s + " via gateway psp-eu-" + (k % 7) + ", 3-D Secure challenge not completed, retry scheduled"
                    + " with backoff; customer notified by e-mail and in-app message, order held for payment");
            case "OrderShipped" -> new OrderShipped(orderId, "DHL", "TRK" + (1_000_000 + k));
            case "OrderDelivered" -> new OrderDelivered(orderId);
            case "OrderCancelled" -> new OrderCancelled(orderId, "customer request");
            default -> throw new IllegalStateException(type);
        };
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + orderId + "-" + s)
                .setEventType(type)
                .setAggregateType("Order")
                .setAggregateId(orderId)
                .setSequenceNumber((long) s)
                .setTimestamp(Instant.ofEpochMilli(ts))
                .setVersion("1.0")
                .setCorrelationId("corr-" + orderId)
                .setCausationId(s == 1 ? null : "evt-" + orderId + "-" + (s - 1))
                .setPayload(payload)
                .build();
    }

    /** Customer {@code c}'s registration: shares the topic, the order projections skip it. */
    EventEnvelope customerRegistered(int c) {
        String customerId = orders.customerId(c);
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + customerId + "-1").setEventType("CustomerRegistered")
                .setAggregateType("Customer").setAggregateId(customerId).setSequenceNumber(1L)
                .setTimestamp(OrderWorkload.EPOCH).setVersion("1.0").setCorrelationId(null).setCausationId(null)
                .setPayload(new CustomerRegistered(customerId, OrderWorkload.customerName(customerId), customerId + "@example.com", null))
                .build();
    }

    /** An envelope that decodes but fails validation: sequence number 0. */
    EventEnvelope invalidEnvelope(int i) {
        String orderId = orders.settings.idPrefix() + "ord-invalid-" + i;
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + orderId).setEventType("OrderDelivered").setAggregateType("Order")
                .setAggregateId(orderId).setSequenceNumber(0L).setTimestamp(OrderWorkload.EPOCH).setVersion("1.0")
                .setCorrelationId(null).setCausationId(null).setPayload(new OrderDelivered(orderId)).build();
    }

    /** Bytes that are no event: random (never the Avro magic byte or a JSON object) or truncated JSON. */
    static byte[] junk(int i, SplittableRandom random) {
        if (i % 2 != 0) {
            return "{\"eventType\": \"OrderPlaced\", \"eventId\": ".getBytes(StandardCharsets.UTF_8);
        }
        byte[] junk = new byte[16 + random.nextInt(64)];
        random.nextBytes(junk);
        junk[0] = (byte) ('A' + random.nextInt(26));
        return junk;
    }
}
