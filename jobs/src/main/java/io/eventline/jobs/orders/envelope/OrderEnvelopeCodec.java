package io.eventline.jobs.orders.envelope;

import io.eventline.common.deadletter.Replay;
import io.eventline.common.serde.AvroJsonDecoder;
import io.eventline.common.serde.EnvelopeCodec;
import io.eventline.common.serde.InvalidEnvelopeException;
import io.eventline.common.serde.MalformedRecordException;
import io.eventline.events.CustomerRegistered;
import io.eventline.events.CustomerUpdated;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.ReplayInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * The {@link EnvelopeCodec} of the order domain's Avro {@link EventEnvelope}: identity fields, the JSON form (the
 * payload branch named by {@code eventType}), the envelope rules ({@link OrderEnvelopeValidator}) and the
 * {@code replay} field.
 *
 * <p>The envelope's {@code replay} field is delivery metadata (set by the deserializer from the replay headers of a
 * record republished from the DLQ), not part of the event. The event's <em>identity</em> is the envelope without
 * it. The fingerprint is computed over the identity encoding, so a replayed copy has the fingerprint of the
 * original.
 *
 * <p>Fingerprints are kept in the ordering operator's state, so they must not change when the schema evolves:
 * an event is fingerprinted in the shape of the published v2 envelope without {@code replay} (whose canonical form
 * is that of v1), {@link #STABLE_IDENTITY_SCHEMA}, whenever it can be written in it. Only what v2 could not carry
 * (a PaymentAuthorized without currency, optional since v3) is fingerprinted in the v3 shape,
 * {@link #V3_IDENTITY_SCHEMA}, and only what v3 could not carry (a customer event with a {@code tier}, since v4) in
 * the current shape, {@link #IDENTITY_SCHEMA}; no such event existed before its version, so no kept fingerprint
 * changes.
 */
public final class OrderEnvelopeCodec implements EnvelopeCodec<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    /** Header value naming how {@link #encode} wrote a dead letter's value. */
    public static final String VALUE_FORMAT = "avro-single-object";

    /** The published v2 envelope: the writer schema of dead-letter values written before v3. */
    static final Schema PUBLISHED_V2 = published("EventEnvelope/v2.avsc");

    /** The published v3 envelope: the writer schema of dead-letter values written before v4. */
    static final Schema PUBLISHED_V3 = published("EventEnvelope/v3.avsc");

    /** The current envelope schema without the {@code replay} delivery metadata. */
    public static final Schema IDENTITY_SCHEMA = withoutReplay(EventEnvelope.getClassSchema());

    /** The v2 envelope without {@code replay}: the shape fingerprints are computed in (see the class comment). */
    public static final Schema STABLE_IDENTITY_SCHEMA = withoutReplay(PUBLISHED_V2);

    /** The v3 envelope without {@code replay}: the shape of events v2 cannot carry but v3 can. */
    public static final Schema V3_IDENTITY_SCHEMA = withoutReplay(PUBLISHED_V3);

    private static final SpecificData MODEL = new EventEnvelope().getSpecificData();
    private static final BinaryMessageEncoder<EventEnvelope> IDENTITY_ENCODER =
            new BinaryMessageEncoder<>(MODEL, IDENTITY_SCHEMA);
    private static final BinaryMessageEncoder<EventEnvelope> STABLE_IDENTITY_ENCODER =
            new BinaryMessageEncoder<>(MODEL, STABLE_IDENTITY_SCHEMA);
    private static final BinaryMessageEncoder<EventEnvelope> V3_IDENTITY_ENCODER =
            new BinaryMessageEncoder<>(MODEL, V3_IDENTITY_SCHEMA);
    private static final BinaryMessageDecoder<EventEnvelope> DECODER = decoder();
    // One per thread: the codec is shared by every subtask of a TaskManager.
    private static final ThreadLocal<SingleObjectFingerprint> STABLE_FINGERPRINT =
            ThreadLocal.withInitial(() -> new SingleObjectFingerprint(MODEL, STABLE_IDENTITY_SCHEMA));
    private static final ThreadLocal<SingleObjectFingerprint> V3_FINGERPRINT =
            ThreadLocal.withInitial(() -> new SingleObjectFingerprint(MODEL, V3_IDENTITY_SCHEMA));
    private static final ThreadLocal<SingleObjectFingerprint> CURRENT_FINGERPRINT =
            ThreadLocal.withInitial(() -> new SingleObjectFingerprint(MODEL, IDENTITY_SCHEMA));

    private final AvroJsonDecoder<EventEnvelope> json = new AvroJsonDecoder<>(EventEnvelope.class, "eventType");

    @Override
    public Class<EventEnvelope> envelopeClass() {
        return EventEnvelope.class;
    }

    @Override
    public EventEnvelope fromJson(byte[] value) throws MalformedRecordException, InvalidEnvelopeException {
        return json.decode(value);
    }

    @Override
    public List<String> violations(EventEnvelope event) {
        return OrderEnvelopeValidator.violations(event);
    }

    @Override
    public void setReplay(EventEnvelope event, Replay replay) {
        event.setReplay(replay == null ? null
                : new ReplayInfo(replay.of(), replay.stage(), replay.reason(), replay.attempt()));
    }

    @Override
    public Instant occurredAt(EventEnvelope event) {
        return event.getTimestamp();
    }

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

    /**
     * CRC-64-AVRO (Avro's own fingerprint function) over the single-object encoding of the event's identity,
     * hashed as it is written ({@link SingleObjectFingerprint}): no buffer, no copies.
     */
    @Override
    public long fingerprint(EventEnvelope event) {
        return (fitsV2(event) ? STABLE_FINGERPRINT : fitsV3(event) ? V3_FINGERPRINT : CURRENT_FINGERPRINT)
                .get().of(event);
    }

    /** The fingerprint as BinaryMessageEncoder and SchemaNormalization compute it; tests compare the two. */
    static long referenceFingerprint(EventEnvelope event) {
        try {
            ByteBuffer buffer = (fitsV2(event) ? STABLE_IDENTITY_ENCODER
                    : fitsV3(event) ? V3_IDENTITY_ENCODER : IDENTITY_ENCODER).encode(event);
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
     * (whose schema is {@link #STABLE_IDENTITY_SCHEMA}), or by one from before v3 ({@link #PUBLISHED_V2}) or v4
     * ({@link #PUBLISHED_V3}).
     */
    public static EventEnvelope decode(byte[] singleObject) throws IOException {
        return DECODER.decode(singleObject);
    }

    /** Stateless apart from caches: every instance is interchangeable. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OrderEnvelopeCodec;
    }

    @Override
    public int hashCode() {
        return OrderEnvelopeCodec.class.hashCode();
    }

    private static BinaryMessageDecoder<EventEnvelope> decoder() {
        BinaryMessageDecoder<EventEnvelope> decoder =
                new BinaryMessageDecoder<>(MODEL, EventEnvelope.getClassSchema());
        decoder.addSchema(IDENTITY_SCHEMA);
        decoder.addSchema(PUBLISHED_V2);
        decoder.addSchema(STABLE_IDENTITY_SCHEMA);
        decoder.addSchema(PUBLISHED_V3);
        decoder.addSchema(V3_IDENTITY_SCHEMA);
        return decoder;
    }

    /**
     * Whether the event can be written in the v2 shape: everything v3 can carry but a PaymentAuthorized without
     * currency.
     */
    private static boolean fitsV2(EventEnvelope event) {
        return fitsV3(event)
                && !(event.getPayload() instanceof PaymentAuthorized payment && payment.getCurrency() == null);
    }

    /** Whether the event can be written in the v3 shape: everything but a customer event with a tier. */
    private static boolean fitsV3(EventEnvelope event) {
        Object payload = event.getPayload();
        return !(payload instanceof CustomerRegistered registered && registered.getTier() != null)
                && !(payload instanceof CustomerUpdated updated && updated.getTier() != null);
    }

    private static Schema published(String path) {
        try (InputStream in = OrderEnvelopeCodec.class.getClassLoader().getResourceAsStream("avro-published/" + path)) {
            if (in == null) {
                throw new IllegalStateException("avro-published/" + path + " is not on the classpath (schemas module)");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read avro-published/" + path, e);
        }
    }

    private static Schema withoutReplay(Schema full) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : full.getFields()) {
            if (!f.name().equals("replay")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
    }
}
