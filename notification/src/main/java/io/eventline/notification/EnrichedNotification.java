package io.eventline.notification;

import java.util.Objects;

/**
 * A notification with the order's details from the order API, what the job publishes:
 * {@code {"eventId":..,"eventType":..,"orderId":..,"sequenceNumber":..,"order":{"customerId":..,..}}}. A Flink POJO.
 */
public class EnrichedNotification {
    public String eventId;
    public String eventType;
    public String orderId;
    public long sequenceNumber;
    public OrderDetails order;

    public EnrichedNotification() {}

    static EnrichedNotification of(OrderNotification n, OrderDetails details) {
        EnrichedNotification e = new EnrichedNotification();
        e.eventId = n.eventId;
        e.eventType = n.eventType;
        e.orderId = n.orderId;
        e.sequenceNumber = n.sequenceNumber;
        e.order = details;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrichedNotification e && sequenceNumber == e.sequenceNumber
                && Objects.equals(eventId, e.eventId) && Objects.equals(eventType, e.eventType)
                && Objects.equals(orderId, e.orderId) && Objects.equals(order, e.order);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, orderId, sequenceNumber);
    }

    @Override
    public String toString() {
        return eventType + "(" + orderId + "#" + sequenceNumber + ", " + order + ")";
    }
}
