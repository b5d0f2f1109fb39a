package io.eventline.testkit.check;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One customer_orders row as the checker compares it: expected (from the workload) or found (table, sink). */
public record CustomerRow(String customerId, long ordersPlaced, long ordersCancelled, BigDecimal lifetimeValue,
        Instant lastOrderAt, Instant updatedAt, long version) {

    /** Equal in what the checker compares (all but updatedAt, which depends on the clock). */
    boolean sameAs(CustomerRow o) {
        return customerId.equals(o.customerId) && ordersPlaced == o.ordersPlaced && ordersCancelled == o.ordersCancelled
                && o.lifetimeValue != null && lifetimeValue.compareTo(o.lifetimeValue) == 0
                && Objects.equals(lastOrderAt, o.lastOrderAt) && version == o.version;
    }
}
