package io.eventline.common.event;

import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * Test fixture: an {@link EventAccessor} for the schemas module's Avro {@link EventEnvelope}, so that the ordering
 * operator's tests in {@code common} run on a real Avro event type. Production code uses the order job's
 * {@code OrderEnvelopeCodec} (jobs module), which common cannot see; the ArchUnit rules keep {@code
 * io.eventline.events} out of common's main code only.
 *
 * <p>The envelope's {@code replay} field is delivery metadata (set by the deserializer from the replay headers of a
 * record republished from the DLQ), not part of the event. The event's <em>identity</em> is the envelope without
 * it: {@link #IDENTITY_SCHEMA}, whose canonical form is that of the published v1 envelope. The fingerprint is
 * computed over the identity encoding, so a replayed copy has the fingerprint of the original and fingerprints
 * kept in state before the field existed still match.
 */
public final class EnvelopeAccessor implements EventAccessor<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    /** Header value naming how {@link #encode} wrote a dead letter's value. */
    public static final String VALUE_FORMAT = "avro-single-object";

    /** The envelope schema without the {@code replay} delivery metadata. */
    public static final Schema IDENTITY_SCHEMA = identitySchema();

    private static final SpecificData MODEL = new EventEnvelope().getSpecificData();
    private static final BinaryMessageEncoder<EventEnvelope> IDENTITY_ENCODER =
            new BinaryMessageEncoder<>(MODEL, IDENTITY_SCHEMA);
    private static final BinaryMessageDecoder<EventEnvelope> DECODER = decoder();

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

    /** CRC-64-AVRO (Avro's own fingerprint function) over the single-object encoding of the event's identity. */
    @Override
    public long fingerprint(EventEnvelope event) {
        try {
            ByteBuffer buffer = IDENTITY_ENCODER.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return SchemaNormalization.fingerprint64(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode event " + event.getEventId(), e);
        }
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

    /**
     * Avro single-object encoding (marker, schema fingerprint, binary body): self-describing without a
     * registry, decodable with {@link #decode}.
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

    /** Whether {@code value} starts with the Avro single-object marker (0xC3 0x01). */
    public static boolean isSingleObject(byte[] value) {
        return value != null && value.length > 10 && (value[0] & 0xff) == 0xC3 && value[1] == 0x01;
    }

    /**
     * Decodes a value written by {@link #encode}, by this version or by one from before the {@code replay} field
     * (whose schema is {@link #IDENTITY_SCHEMA}).
     */
    public static EventEnvelope decode(byte[] singleObject) throws IOException {
        return DECODER.decode(singleObject);
    }

    private static BinaryMessageDecoder<EventEnvelope> decoder() {
        BinaryMessageDecoder<EventEnvelope> decoder =
                new BinaryMessageDecoder<>(MODEL, EventEnvelope.getClassSchema());
        decoder.addSchema(IDENTITY_SCHEMA);
        return decoder;
    }

    private static Schema identitySchema() {
        Schema full = EventEnvelope.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : full.getFields()) {
            if (!f.name().equals("replay")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
    }
}
