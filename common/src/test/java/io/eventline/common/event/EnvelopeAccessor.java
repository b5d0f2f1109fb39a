package io.eventline.common.event;

import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.SchemaNormalization;

/**
 * Test fixture: an {@link EventAccessor} for the schemas module's Avro {@link EventEnvelope}, so that the ordering
 * operator's tests in {@code common} run on a real Avro event type. Production code uses the order job's
 * {@code OrderEnvelopeCodec} (jobs module), which common cannot see; this fixture keeps only what the operator's
 * contract needs: the fingerprint leaves out the {@code replay} delivery metadata, so that a replayed copy has the
 * fingerprint of the original (the production codec also keeps fingerprints stable across schema versions, which
 * these tests do not need).
 */
public final class EnvelopeAccessor implements EventAccessor<EventEnvelope> {

    private static final long serialVersionUID = 1L;

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

    /** CRC-64-AVRO over the single-object encoding of the event without its replay metadata. */
    @Override
    public long fingerprint(EventEnvelope event) {
        return SchemaNormalization.fingerprint64(encode(EventEnvelope.newBuilder(event).setReplay(null).build()));
    }

    @Override
    public String replayStage(EventEnvelope event) {
        ReplayInfo replay = event.getReplay();
        return replay == null ? null : replay.getStage();
    }

    @Override
    public int attempt(EventEnvelope event) {
        ReplayInfo replay = event.getReplay();
        return replay == null ? 1 : Math.max(1, replay.getAttempt());
    }

    /** Avro single-object encoding: self-describing without a registry. */
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
