package io.eventline.common.ordering;

import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderDelivered;
import java.time.Instant;

/** Builds small envelopes for ordering tests. */
final class TestEvents {

    private static final Instant OCCURRED = Instant.parse("2025-06-28T10:00:00Z");

    private TestEvents() {}

    /** The event at {@code sequence} of {@code aggregateId}, with an id derived from both. */
    static EventEnvelope event(String aggregateId, long sequence) {
        return event(aggregateId, sequence, aggregateId + "-" + sequence);
    }

    static EventEnvelope event(String aggregateId, Long sequence, String eventId) {
        return EventEnvelope.newBuilder()
                .setEventId(eventId)
                .setEventType("OrderDelivered")
                .setAggregateType("Order")
                .setAggregateId(aggregateId)
                .setSequenceNumber(sequence)
                .setTimestamp(OCCURRED)
                .setVersion("1.0")
                .setPayload(new OrderDelivered(aggregateId))
                .build();
    }

    /** A copy with other content but the same identity fields. */
    static EventEnvelope withOtherContent(EventEnvelope event) {
        return EventEnvelope.newBuilder(event).setCorrelationId("changed").build();
    }

    /** A fresh but equal instance, as a redelivery would be. */
    static EventEnvelope redelivery(EventEnvelope event) {
        return EventEnvelope.newBuilder(event).build();
    }
}
