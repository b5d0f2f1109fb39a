package io.eventline.demo;

import io.eventline.events.EventEnvelope;
import java.util.List;

/** The records to send, in send order, and what processing them must produce. */
record TrafficPlan(List<Outgoing> records, Expected expected) {

    /** One Kafka record: an event (as Avro or JSON) or raw bytes that are not an event at all. */
    record Outgoing(String key, EventEnvelope event, boolean asJson, byte[] raw) {
        static Outgoing event(EventEnvelope event, boolean asJson) {
            return new Outgoing(event.getAggregateId(), event, asJson, null);
        }

        static Outgoing raw(String key, byte[] bytes) {
            return new Outgoing(key, null, false, bytes);
        }
    }
}
