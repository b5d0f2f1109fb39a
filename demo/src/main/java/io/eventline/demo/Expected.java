package io.eventline.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** What the read models and the DLQ must hold once the generated traffic has been processed. */
final class Expected {

    record Order(String orderId, String customerId, String status, int itemCount, BigDecimal total, String currency,
            long lastSequence, String lastEventId, long version) {}

    record Customer(String customerId, long ordersPlaced, long ordersCancelled, BigDecimal lifetimeValue,
            Instant lastOrderAt) {}

    final Map<String, Order> orders = new TreeMap<>();
    final Map<String, Customer> customers = new TreeMap<>();
    final Map<String, Long> deadLettersByReason = new TreeMap<>();
    long duplicatesSent;
    long outOfOrderSent;
    long eventsSent;

    /** This expectation followed by a disjoint one (no shared order or customer ids). */
    Expected plus(Expected other) {
        Expected sum = new Expected();
        sum.orders.putAll(orders);
        sum.orders.putAll(other.orders);
        sum.customers.putAll(customers);
        sum.customers.putAll(other.customers);
        if (sum.orders.size() != orders.size() + other.orders.size()
                || sum.customers.size() != customers.size() + other.customers.size()) {
            throw new IllegalArgumentException("the two expectations share ids");
        }
        deadLettersByReason.forEach((reason, n) -> sum.deadLettersByReason.merge(reason, n, Long::sum));
        other.deadLettersByReason.forEach((reason, n) -> sum.deadLettersByReason.merge(reason, n, Long::sum));
        sum.duplicatesSent = duplicatesSent + other.duplicatesSent;
        sum.outOfOrderSent = outOfOrderSent + other.outOfOrderSent;
        sum.eventsSent = eventsSent + other.eventsSent;
        return sum;
    }

    void deadLetter(String reason) {
        deadLettersByReason.merge(reason, 1L, Long::sum);
    }

    long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
