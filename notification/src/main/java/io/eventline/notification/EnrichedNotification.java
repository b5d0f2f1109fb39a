package io.eventline.notification;

import java.math.BigDecimal;
import java.util.Objects;

/** A notification with the order's details from the order API: what the job publishes. A Flink POJO. */
public class EnrichedNotification {
    public String eventId;
    public String eventType;
    public String orderId;
    public long sequenceNumber;
    public String customerId;
    public String customerName;
    public String status;
    public int itemCount;
    public BigDecimal total;
    public String currency;

    public EnrichedNotification() {}

    static EnrichedNotification of(OrderNotification n, OrderDetails d) {
        EnrichedNotification e = new EnrichedNotification();
        e.eventId = n.eventId;
        e.eventType = n.eventType;
        e.orderId = n.orderId;
        e.sequenceNumber = n.sequenceNumber;
        e.customerId = d.customerId;
        e.customerName = d.customerName;
        e.status = d.status;
        e.itemCount = d.itemCount;
        e.total = d.total;
        e.currency = d.currency;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnrichedNotification e)) {
            return false;
        }
        return sequenceNumber == e.sequenceNumber && itemCount == e.itemCount && Objects.equals(eventId, e.eventId)
                && Objects.equals(eventType, e.eventType) && Objects.equals(orderId, e.orderId)
                && Objects.equals(customerId, e.customerId) && Objects.equals(customerName, e.customerName)
                && Objects.equals(status, e.status) && (total == null ? e.total == null : e.total != null
                        && total.compareTo(e.total) == 0) && Objects.equals(currency, e.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, orderId, sequenceNumber);
    }

    @Override
    public String toString() {
        return eventType + "(" + orderId + "#" + sequenceNumber + ", " + customerName + ", " + status + ", " + total
                + " " + currency + ")";
    }
}
