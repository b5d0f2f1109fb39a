package io.eventline.jobs.orders.projection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One {@code order_summary} row, and at the same time the keyed state of the order projection and of the customer
 * replica's open orders. Stored and shuffled by {@link OrderSummaryRowSerializer} (issue 12; before, as a Flink
 * POJO, whose state it migrates). Status is the {@link OrderStatus#code()} string.
 */
@TypeInfo(OrderSummaryRowSerializer.Factory.class)
public class OrderSummaryRow {
    public String orderId;
    public String customerId;
    public String status;
    /** Units ordered: the sum of the line items' quantities. */
    public int itemCount;
    public BigDecimal total;
    public String currency;
    public Instant placedAt;
    /** Occurrence time of the last applied event. */
    public Instant updatedAt;
    public long lastSequence;
    public String lastEventId;
    /** Number of events applied to this order; grows by one per event. */
    public long version;
    /** The customer's name and tier, copied from its replica ({@link CustomerDenormalizer}); null until known. */
    public String customerName;
    public String customerTier;
    /**
     * The customer event sequence number the two fields above were copied at (0: none yet). A customer change
     * refreshes the row without raising {@link #version}; the sink orders rows of one version by this.
     */
    public long customerVersion;

    public OrderSummaryRow() {}

    public OrderSummaryRow copy() {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = orderId;
        r.customerId = customerId;
        r.status = status;
        r.itemCount = itemCount;
        r.total = total;
        r.currency = currency;
        r.placedAt = placedAt;
        r.updatedAt = updatedAt;
        r.lastSequence = lastSequence;
        r.lastEventId = lastEventId;
        r.version = version;
        r.customerName = customerName;
        r.customerTier = customerTier;
        r.customerVersion = customerVersion;
        return r;
    }

    public OrderStatus orderStatus() {
        return OrderStatus.fromCode(status);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrderSummaryRow)) {
            return false;
        }
        OrderSummaryRow r = (OrderSummaryRow) o;
        return itemCount == r.itemCount && lastSequence == r.lastSequence && version == r.version
                && Objects.equals(orderId, r.orderId) && Objects.equals(customerId, r.customerId)
                && Objects.equals(status, r.status) && Objects.equals(total, r.total)
                && Objects.equals(currency, r.currency) && Objects.equals(placedAt, r.placedAt)
                && Objects.equals(updatedAt, r.updatedAt) && Objects.equals(lastEventId, r.lastEventId)
                && customerVersion == r.customerVersion && Objects.equals(customerName, r.customerName)
                && Objects.equals(customerTier, r.customerTier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, version);
    }

    @Override
    public String toString() {
        return "OrderSummaryRow{" + orderId + ", customer=" + customerId + ", " + status + ", items=" + itemCount
                + ", total=" + total + " " + currency + ", placedAt=" + placedAt + ", updatedAt=" + updatedAt
                + ", seq=" + lastSequence + ", event=" + lastEventId + ", v" + version
                + (customerVersion == 0 ? "" : ", customer " + customerName + "/" + customerTier + "@" + customerVersion)
                + "}";
    }
}
