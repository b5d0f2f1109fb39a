package io.eventline.testkit.workload;

import io.eventline.events.EventEnvelope;

/**
 * One Kafka record the workload sends: an event (to encode as Avro or JSON) or raw bytes that are not an event.
 *
 * @param key the record key (the aggregate id)
 * @param event the event, or {@code null} for a raw record
 * @param asJson whether to encode the event as JSON rather than Avro
 * @param raw the bytes of a raw record, or {@code null}
 * @param aggregate the order's index, or -1 for records of no generated order
 * @param duplicate whether this is a re-send of an earlier record
 */
public record Outgoing(String key, EventEnvelope event, boolean asJson, byte[] raw, int aggregate, boolean duplicate) {

    static Outgoing event(EventEnvelope event, boolean asJson, int aggregate) {
        return new Outgoing(event.getAggregateId(), event, asJson, null, aggregate, false);
    }

    static Outgoing raw(String key, byte[] bytes) {
        return new Outgoing(key, null, false, bytes, -1, false);
    }

    Outgoing asDuplicate() {
        return new Outgoing(key, event, asJson, raw, aggregate, true);
    }

    /** The event's sequence number, or 0 for a raw record. */
    public long sequence() {
        return event == null ? 0 : event.getSequenceNumber();
    }
}
