package io.eventline.jobs.orders.projection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the customer projection learns of an order after each applied order event: the order's absolute state as
 * it concerns its customer (not a delta), keyed by {@link #customerId}; it travels with the fact it replaces
 * ({@link OrderFactChange}). Serialized by {@link OrderFactSerializer} (issue 12; a Flink POJO before, whose state
 * it migrates: the customer projection kept the last fact per order in state until issue 12's session 13).
 */
@TypeInfo(OrderFactSerializer.Factory.class)
public class OrderFact {
    public String customerId;
    public String orderId;
    /** Sequence number of the order event this fact follows from. */
    public long sequence;
    public String status;
    public BigDecimal total;
    public Instant placedAt;
    /** Occurrence time of the order event. */
    public Instant eventTime;

    public OrderFact() {}

    public static OrderFact of(OrderSummaryRow order) {
        OrderFact f = new OrderFact();
        f.customerId = order.customerId;
        f.orderId = order.orderId;
        f.sequence = order.lastSequence;
        f.status = order.status;
        f.total = order.total;
        f.placedAt = order.placedAt;
        f.eventTime = order.updatedAt;
        return f;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrderFact)) {
            return false;
        }
        OrderFact f = (OrderFact) o;
        return sequence == f.sequence && Objects.equals(customerId, f.customerId) && Objects.equals(orderId, f.orderId)
                && Objects.equals(status, f.status) && Objects.equals(total, f.total)
                && Objects.equals(placedAt, f.placedAt) && Objects.equals(eventTime, f.eventTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, sequence);
    }

    @Override
    public String toString() {
        return "OrderFact{" + customerId + "/" + orderId + "#" + sequence + " " + status + " " + total + "}";
    }
}
