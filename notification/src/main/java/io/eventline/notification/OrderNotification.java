package io.eventline.notification;

/**
 * A thin event notification: which order changed, nothing of its state (the consumer asks the order API for
 * that). JSON on Kafka, e.g. {@code {"eventId":"evt-1","eventType":"OrderPlacedNotification","orderId":"ord-1",
 * "sequenceNumber":1}}. A Flink POJO (public fields, no-argument constructor): never Kryo.
 */
public class OrderNotification {
    public String eventId;
    public String eventType;
    public String orderId;
    public long sequenceNumber;

    public OrderNotification() {}

    public OrderNotification(String eventId, String eventType, String orderId, long sequenceNumber) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.orderId = orderId;
        this.sequenceNumber = sequenceNumber;
    }

    @Override
    public String toString() {
        return eventType + "(" + orderId + "#" + sequenceNumber + ", " + eventId + ")";
    }
}
