package io.eventline.common.event;

import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.SchemaNormalization;

/** {@link EventAccessor} for the Avro {@link EventEnvelope} contract. */
public final class EnvelopeAccessor implements EventAccessor<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    /** Header value naming how {@link #encode} wrote a dead letter's value. */
    public static final String VALUE_FORMAT = "avro-single-object";

    @Override
    public String eventId(EventEnvelope event) {
        return event.getEventId();
    }

    @Override
    public String eventType(EventEnvelope event) {
        return event.getEventType();
    }

    @Override
    public String aggregateId(EventEnvelope event) {
        return event.getAggregateId();
    }

    @Override
    public Long sequenceNumber(EventEnvelope event) {
        return event.getSequenceNumber();
    }

    /** CRC-64-AVRO (Avro's own fingerprint function) over the record's binary encoding. */
    @Override
    public long fingerprint(EventEnvelope event) {
        return SchemaNormalization.fingerprint64(encode(event));
    }

    /**
     * Avro single-object encoding (marker, schema fingerprint, binary body): self-describing without a
     * registry, decodable with {@link EventEnvelope#fromByteBuffer}.
     */
    @Override
    public byte[] encode(EventEnvelope event) {
        try {
            ByteBuffer buffer = event.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode event " + event.getEventId(), e);
        }
    }
}
