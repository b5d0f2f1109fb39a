package io.eventline.notification;

import com.fasterxml.jackson.annotation.JsonIgnore;

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
    /** Delivery metadata, not part of the JSON: where the record came from and its retry passes so far. */
    @JsonIgnore
    public RetryHistory retry;

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
