package io.eventline.jobs.orders.projection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One {@code customer_orders} row, and the customer projection's keyed state; stored and shuffled by
 * {@link CustomerOrdersRowSerializer} (issue 12; a Flink POJO before, whose state it migrates).
 */
@TypeInfo(CustomerOrdersRowSerializer.Factory.class)
public class CustomerOrdersRow {
    public String customerId;
    /** Orders ever placed, cancelled ones included. */
    public int ordersPlaced;
    /** Orders now cancelled. */
    public int ordersCancelled;
    /**
     * Sum of the totals of orders whose payment was authorized and that were not cancelled afterwards
     * (status paid, shipped or delivered). Currencies are not converted: one currency per shop is assumed.
     */
    public BigDecimal lifetimeValue;
    /** Latest placement time among the customer's orders. */
    public Instant lastOrderAt;
    /** Latest occurrence time among the order events applied (a maximum, so it does not depend on interleaving). */
    public Instant updatedAt;
    /** Number of order events applied for this customer; grows by one per event. */
    public long version;

    public CustomerOrdersRow() {}

    public CustomerOrdersRow copy() {
        CustomerOrdersRow r = new CustomerOrdersRow();
        r.customerId = customerId;
        r.ordersPlaced = ordersPlaced;
        r.ordersCancelled = ordersCancelled;
        r.lifetimeValue = lifetimeValue;
        r.lastOrderAt = lastOrderAt;
        r.updatedAt = updatedAt;
        r.version = version;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CustomerOrdersRow)) {
            return false;
        }
        CustomerOrdersRow r = (CustomerOrdersRow) o;
        return ordersPlaced == r.ordersPlaced && ordersCancelled == r.ordersCancelled && version == r.version
                && Objects.equals(customerId, r.customerId) && Objects.equals(lifetimeValue, r.lifetimeValue)
                && Objects.equals(lastOrderAt, r.lastOrderAt) && Objects.equals(updatedAt, r.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, version);
    }

    @Override
    public String toString() {
        return "CustomerOrdersRow{" + customerId + ", placed=" + ordersPlaced + ", cancelled=" + ordersCancelled
                + ", ltv=" + lifetimeValue + ", lastOrderAt=" + lastOrderAt + ", updatedAt=" + updatedAt + ", v"
                + version + "}";
    }
}
