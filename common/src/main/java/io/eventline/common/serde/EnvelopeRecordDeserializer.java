package io.eventline.common.serde;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.ReplayHeaders;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.SchemaCoder;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka source deserializer that never throws into Flink: every {@link ConsumerRecord} becomes either
 * an envelope {@code E} ({@link Either#Left}) or a {@link DeadLetter} ({@link Either#Right}) carrying the
 * original key and value bytes, topic, partition, offset, timestamp and headers. Split the two with
 * {@link EventOrDeadLetterSplitter}.
 *
 * <p>Format detection on the first value byte: {@code 0x00} is the Confluent wire format (magic byte, 4-byte
 * schema id, Avro binary), decoded by flink-avro's {@link RegistryAvroDeserializationSchema} with a
 * {@link ConfluentSchemaCoder}; <code>'{'</code> (after optional whitespace) is the JSON envelope
 * ({@link EnvelopeCodec#fromJson}, usually an {@link AvroJsonDecoder}); anything else is malformed. Reasons:
 * <ul>
 *   <li>{@code malformed} (stage deserialize): null or empty value, unknown first byte, truncated or
 *       undecodable Avro body, invalid JSON or JSON not in the envelope's shape (missing or mistyped field);</li>
 *   <li>{@code unknown-schema} (deserialize): the registry has no schema with the record's id, or that schema
 *       cannot be read as the envelope class;</li>
 *   <li>{@code registry-unavailable} (deserialize): the registry stayed unreachable (connection errors,
 *       timeouts, 5xx, 429) through the bounded, exponentially backed-off retries of {@link RegistryConfig}
 *       (why bounded: see there), or answered with an error that is about the registry or our access to
 *       it rather than the record (e.g. 401, 403); replay the dead letters once it is fixed;</li>
 *   <li>{@code invalid-envelope} (stage validate): decoded, but {@link EnvelopeCodec#violations} rejects it
 *       (for the order envelope: blank ids, sequence number zero or negative, payload not of the eventType,
 *       unknown eventType in JSON).</li>
 * </ul>
 * A record republished by {@code eventline dlq replay} carries {@link ReplayHeaders}: the decoded event gets them
 * through {@link EnvelopeCodec#setReplay} (the ordering operator reads them back, see {@code OrderingFunction}), and
 * a dead letter of such a record carries the header's attempt number. They are always overwritten from the
 * headers, so a producer cannot mark an event as a replay through its value.
 *
 * <p>A record is accepted whatever its size (the broker bounds that); a 1 MiB valid event decodes.
 *
 * <p>Why the Avro body is checked before flink-avro decodes it: {@link RegistryAvroDeserializationSchema}
 * reuses one buffering {@code BinaryDecoder} across records, so bytes it did not consume (trailing bytes
 * after a valid body, or the rest of a body that failed half-way) stay in its buffer and are read as the
 * start of the <em>next</em> record, corrupting a valid event. So every body is first skipped against the
 * writer schema with a fresh array-backed decoder (cheap: no objects are built, and no length claimed by a
 * corrupt record is allocated); a body that does not end exactly at the end of the record is malformed and
 * never reaches flink-avro, and if flink-avro still fails (e.g. an invalid decimal) its instance is replaced
 * (the schema caches are shared, so nothing is fetched again).
 *
 * @param <E> the envelope class, described by an {@link EnvelopeCodec}
 */
public class EnvelopeRecordDeserializer<E extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Either<E, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    public static final String MALFORMED = "malformed";
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    public static final String INVALID_ENVELOPE = "invalid-envelope";

    /** One coder (client and caches) per instance, shared by the pre-check and every flink-avro schema. */
    private final EnvelopeCodec<E> codec;
    private final ReadableAsProvider coders;
    private final String jobName;

    private transient RegistryAvroDeserializationSchema<E> avro;
    private transient BinaryDecoder skipDecoder;
    private transient Counter eventsCounter;
    private transient Counter deadLettersCounter;

    /**
     * @param codec the envelope's contract
     * @param registry the Confluent-compatible registry to look writer schemas up in
     * @param jobName written into each dead letter
     */
    public EnvelopeRecordDeserializer(EnvelopeCodec<E> codec, RegistryConfig registry, String jobName) {
        this(codec, ConfluentSchemaCoderProvider.forReading(registry), jobName);
    }

    public EnvelopeRecordDeserializer(EnvelopeCodec<E> codec, ConfluentSchemaCoderProvider coderProvider,
            String jobName) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.coders = new ReadableAsProvider(coderProvider, readerSchema(codec.envelopeClass()).toString());
        this.jobName = jobName == null ? "" : jobName;
    }

    /** The type of a deserializer's output for {@code envelopeClass}: Avro-serialized on both sides, never Kryo. */
    public static <E extends SpecificRecordBase> TypeInformation<Either<E, DeadLetter>> producedType(Class<E> envelopeClass) {
        return new EitherTypeInfo<>(new AvroTypeInfo<>(envelopeClass), new AvroTypeInfo<>(DeadLetter.class));
    }

    @Override
    public TypeInformation<Either<E, DeadLetter>> getProducedType() {
        return producedType(codec.envelopeClass());
    }

    private static Schema readerSchema(Class<?> envelopeClass) {
        return new SpecificData(envelopeClass.getClassLoader()).getSchema(envelopeClass);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        avro().open(context);
        if (context != null && context.getMetricGroup() != null) {
            eventsCounter = context.getMetricGroup().counter("eventsDeserialized");
            deadLettersCounter = context.getMetricGroup().counter("deserializeDeadLetters");
        }
    }

    /** HTTP requests this instance sent to the registry (for tests and metrics). */
    public long registryHttpRequests() {
        return coders.coder().confluent().client().httpRequests();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<E, DeadLetter>> out)
            throws IOException {
        Either<E, DeadLetter> result = decode(record);
        if (result.isLeft()) {
            if (eventsCounter != null) {
                eventsCounter.inc();
            }
        } else if (deadLettersCounter != null) {
            deadLettersCounter.inc();
        }
        out.collect(result);
    }

    /**
     * Decodes one record. Throws only when the thread is interrupted (the task is being cancelled); every
     * other failure is a dead letter.
     */
    public Either<E, DeadLetter> decode(ConsumerRecord<byte[], byte[]> record) throws IOException {
        byte[] value = record.value();
        if (value == null) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED,
                    "null value (tombstone) where an event was expected", null).build());
        }
        if (value.length == 0) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, "empty value", null).build());
        }
        E event;
        try {
            if (value[0] == ConfluentSchemaCoder.MAGIC_BYTE) {
                event = decodeAvro(value);
            } else if (startsLikeJson(value)) {
                event = codec.fromJson(value);
            } else {
                return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, String.format(
                        "unknown format: first byte 0x%02x is neither 0x00 (Confluent Avro) nor '{' (JSON)",
                        value[0] & 0xff), null).build());
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (InvalidEnvelopeException e) {
            return Either.Right(deadLetter(record, Stage.VALIDATE, INVALID_ENVELOPE, e.getMessage(), e)
                    .setEventId(e.eventId())
                    .setEventType(e.eventType())
                    .setAggregateId(e.aggregateId())
                    .setSequenceNumber(e.sequenceNumber())
                    .build());
        } catch (AvroJsonDecoder.MalformedJsonException e) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, e.getMessage(), e)
                    .setEventId(e.textField("eventId"))
                    .setEventType(e.textField("eventType"))
                    .setAggregateId(e.textField("aggregateId"))
                    .setSequenceNumber(e.longField("sequenceNumber"))
                    .build());
        } catch (MalformedRecordException e) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, e.getMessage(), e).build());
        } catch (UnknownSchemaException e) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, UNKNOWN_SCHEMA, e.getMessage(), e).build());
        } catch (RegistryException e) {
            // Unreachable after retries, or an answer that says the registry (not the record) is at fault.
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, REGISTRY_UNAVAILABLE, e.getMessage(), e).build());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while decoding");
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED,
                    "cannot decode: " + message, e).build());
        }
        List<String> violations = codec.violations(event);
        if (!violations.isEmpty()) {
            return Either.Right(deadLetter(record, Stage.VALIDATE, INVALID_ENVELOPE,
                    "invalid envelope: " + String.join("; ", violations), null)
                    .setEventId(codec.eventId(event))
                    .setEventType(codec.eventType(event))
                    .setAggregateId(codec.aggregateId(event))
                    .setSequenceNumber(codec.sequenceNumber(event))
                    .build());
        }
        // Delivery metadata comes from the record's headers only, never from the value (see ReplayHeaders).
        codec.setReplay(event, ReplayHeaders.read(record.headers()));
        return Either.Left(event);
    }

    private E decodeAvro(byte[] value) throws Exception {
        if (value.length < ConfluentSchemaCoder.HEADER_SIZE) {
            throw new MalformedRecordException("truncated record: fewer than 4 bytes of schema id after the magic byte");
        }
        int id = (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | (value[4] & 0xff);
        Schema writer = coders.coder().readableSchema(id);
        // Structural check with a fresh decoder over exactly this record (see the class comment).
        int bodyLength = value.length - ConfluentSchemaCoder.HEADER_SIZE;
        skipDecoder = DecoderFactory.get().binaryDecoder(value, ConfluentSchemaCoder.HEADER_SIZE, bodyLength, skipDecoder);
        try {
            GenericDatumReader.skip(writer, skipDecoder);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MalformedRecordException("cannot decode the Avro body (" + bodyLength + " bytes) with schema id "
                    + id + ": " + message, e);
        }
        if (!skipDecoder.isEnd()) {
            int trailing = skipDecoder.inputStream().available();
            throw new MalformedRecordException(trailing + " trailing byte(s) after the Avro body of schema id " + id);
        }
        try {
            return avro().deserialize(value);
        } catch (Exception | Error e) {
            avro = null; // its decoder may hold bytes of this record: start the next one clean
            throw e;
        }
    }

    private RegistryAvroDeserializationSchema<E> avro() {
        if (avro == null) {
            avro = new RegistryAvroDeserializationSchema<>(codec.envelopeClass(), null, coders);
        }
        return avro;
    }

    private static boolean startsLikeJson(byte[] value) {
        for (byte b : value) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    private DeadLetter.Builder deadLetter(
            ConsumerRecord<byte[], byte[]> record, Stage stage, String reason, String message, Throwable error) {
        DeadLetter.Builder b = DeadLetters.forRecord(record, stage, reason, message, jobName)
                .setAttempt(ReplayHeaders.attempt(record.headers()));
        if (error != null) {
            DeadLetters.withException(b, error);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof EnvelopeRecordDeserializer)) return false;
        EnvelopeRecordDeserializer<?> d = (EnvelopeRecordDeserializer<?>) o;
        return codec.equals(d.codec) && coders.equals(d.coders) && jobName.equals(d.jobName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec.envelopeClass(), coders, jobName);
    }

    /**
     * Hands out one {@link ReadableAsCoder} per provider instance (per task after deployment), so that the
     * pre-check and every flink-avro schema built from it share one registry client and its caches.
     */
    static final class ReadableAsProvider implements SchemaCoder.SchemaCoderProvider {
        private static final long serialVersionUID = 1L;
        private final ConfluentSchemaCoderProvider delegate;
        private final String readerSchema;
        private transient ReadableAsCoder coder;

        ReadableAsProvider(ConfluentSchemaCoderProvider delegate, String readerSchema) {
            this.delegate = delegate;
            this.readerSchema = readerSchema;
        }

        synchronized ReadableAsCoder coder() {
            if (coder == null) {
                coder = new ReadableAsCoder(delegate.get(), new Schema.Parser().parse(readerSchema));
            }
            return coder;
        }

        @Override
        public SchemaCoder get() {
            return coder();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadableAsProvider && delegate.equals(((ReadableAsProvider) o).delegate)
                    && readerSchema.equals(((ReadableAsProvider) o).readerSchema);
        }

        @Override
        public int hashCode() {
            return Objects.hash(delegate, readerSchema);
        }
    }

    /**
     * A {@link ConfluentSchemaCoder} that also checks that a writer schema can be resolved against the
     * reader schema, failing as {@link UnknownSchemaException} before any data is read.
     */
    static final class ReadableAsCoder implements SchemaCoder {
        private final ConfluentSchemaCoder delegate;
        private final Schema reader;
        private final Map<Schema, String> incompatibilities = new ConcurrentHashMap<>();

        ReadableAsCoder(ConfluentSchemaCoder delegate, Schema reader) {
            this.delegate = delegate;
            this.reader = reader;
        }

        ConfluentSchemaCoder confluent() {
            return delegate;
        }

        @Override
        public Schema readSchema(InputStream in) throws IOException {
            return checked(delegate.readSchema(in), -1);
        }

        Schema readableSchema(int id) throws IOException {
            return checked(delegate.schemaById(id), id);
        }

        private Schema checked(Schema writer, int id) throws UnknownSchemaException {
            String problem = incompatibilities.computeIfAbsent(writer, w -> {
                SchemaCompatibility.SchemaPairCompatibility c =
                        SchemaCompatibility.checkReaderWriterCompatibility(reader, w);
                return c.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                        ? "" : c.getDescription();
            });
            if (!problem.isEmpty()) {
                throw new UnknownSchemaException("writer schema " + writer.getFullName()
                        + (id >= 0 ? " (id " + id + ")" : "") + " cannot be read as " + reader.getFullName()
                        + ": " + abbreviate(problem), id, 200);
            }
            return writer;
        }

        @Override
        public void writeSchema(Schema schema, OutputStream out) throws IOException {
            delegate.writeSchema(schema, out);
        }

        private static String abbreviate(String s) {
            return s.length() <= 500 ? s : s.substring(0, 500) + "...";
        }
    }
}
