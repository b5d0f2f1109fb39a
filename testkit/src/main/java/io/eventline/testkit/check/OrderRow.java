package io.eventline.testkit.check;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One order_summary row as the checker compares it: expected (from the workload) or found (table, sink); with the
 * customer's name and tier denormalized from the replica (null before the customer is known).
 */
public record OrderRow(String orderId, String customerId, String status, int itemCount, BigDecimal total,
        String currency, long lastSequence, String lastEventId, long version, Instant placedAt, Instant updatedAt,
        String customerName, String customerTier) {

    /** Equal in what the checker compares: the occurrence times depend on the clock and are not compared. */
    boolean sameAs(OrderRow o) {
        return orderId.equals(o.orderId) && customerId.equals(o.customerId) && status.equals(o.status)
                && itemCount == o.itemCount && o.total != null && total.compareTo(o.total) == 0
                && currency.equals(o.currency) && lastSequence == o.lastSequence && lastEventId.equals(o.lastEventId)
                && version == o.version && Objects.equals(customerName, o.customerName)
                && Objects.equals(customerTier, o.customerTier);
    }
}
