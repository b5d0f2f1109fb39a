package io.eventline.common.serde;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
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
 * an {@link EventEnvelope} ({@link Either#Left}) or a {@link DeadLetter} ({@link Either#Right}) carrying the
 * original key and value bytes, topic, partition, offset, timestamp and headers. Split the two with
 * {@link EventOrDeadLetterSplitter}.
 *
 * <p>Format detection on the first value byte: {@code 0x00} is the Confluent wire format (magic byte, 4-byte
 * schema id, Avro binary), decoded by flink-avro's {@link RegistryAvroDeserializationSchema} with a
 * {@link ConfluentSchemaCoder}; <code>'{'</code> (after optional whitespace) is the JSON envelope
 * ({@link EnvelopeJsonDecoder}); anything else is malformed. Reasons:
 * <ul>
 *   <li>{@code malformed} (stage deserialize): null or empty value, unknown first byte, truncated or
 *       undecodable Avro body, invalid JSON or JSON not in the envelope's shape (missing or mistyped field);</li>
 *   <li>{@code unknown-schema} (deserialize): the registry has no schema with the record's id, or that schema
 *       cannot be read as an EventEnvelope;</li>
 *   <li>{@code registry-unavailable} (deserialize): the registry stayed unreachable through the bounded,
 *       exponentially backed-off retries of {@link RegistryConfig} (why bounded: see there); replay the
 *       dead letters once it is back;</li>
 *   <li>{@code invalid-envelope} (stage validate): decoded, but {@link EnvelopeValidator} rejects it (blank
 *       ids, sequence number zero or negative, payload not of the eventType, unknown eventType in JSON).</li>
 * </ul>
 * A record is accepted whatever its size (the broker bounds that); a 1 MiB valid event decodes.
 */
public class EnvelopeRecordDeserializer
        implements KafkaRecordDeserializationSchema<Either<EventEnvelope, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    public static final String MALFORMED = "malformed";
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    public static final String INVALID_ENVELOPE = "invalid-envelope";

    private final RegistryAvroDeserializationSchema<EventEnvelope> avro;
    private final EnvelopeJsonDecoder json = new EnvelopeJsonDecoder();
    private final String jobName;

    private transient Counter eventsCounter;
    private transient Counter deadLettersCounter;

    /**
     * @param registry the Confluent-compatible registry to look writer schemas up in
     * @param jobName written into each dead letter
     */
    public EnvelopeRecordDeserializer(RegistryConfig registry, String jobName) {
        this(ConfluentSchemaCoderProvider.forReading(registry), jobName);
    }

    public EnvelopeRecordDeserializer(SchemaCoder.SchemaCoderProvider coderProvider, String jobName) {
        this.avro = new RegistryAvroDeserializationSchema<>(EventEnvelope.class, null,
                new ReadableAsProvider(coderProvider, EventEnvelope.getClassSchema().toString()));
        this.jobName = jobName == null ? "" : jobName;
    }

    /** The type of this deserializer's output: Avro-serialized on both sides, never Kryo. */
    public static TypeInformation<Either<EventEnvelope, DeadLetter>> producedType() {
        return new EitherTypeInfo<>(new AvroTypeInfo<>(EventEnvelope.class), new AvroTypeInfo<>(DeadLetter.class));
    }

    @Override
    public TypeInformation<Either<EventEnvelope, DeadLetter>> getProducedType() {
        return producedType();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        avro.open(context);
        if (context != null && context.getMetricGroup() != null) {
            eventsCounter = context.getMetricGroup().counter("eventsDeserialized");
            deadLettersCounter = context.getMetricGroup().counter("deserializeDeadLetters");
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<EventEnvelope, DeadLetter>> out)
            throws IOException {
        Either<EventEnvelope, DeadLetter> result = decode(record);
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
    public Either<EventEnvelope, DeadLetter> decode(ConsumerRecord<byte[], byte[]> record) throws IOException {
        byte[] value = record.value();
        if (value == null) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED,
                    "null value (tombstone) where an event was expected", null).build());
        }
        if (value.length == 0) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, "empty value", null).build());
        }
        EventEnvelope event;
        try {
            if (value[0] == ConfluentSchemaCoder.MAGIC_BYTE) {
                event = avro.deserialize(value);
            } else if (startsLikeJson(value)) {
                event = json.decode(value);
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
        } catch (EnvelopeJsonDecoder.MalformedJsonException e) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED, e.getMessage(), e)
                    .setEventId(e.textField("eventId"))
                    .setEventType(e.textField("eventType"))
                    .setAggregateId(e.textField("aggregateId"))
                    .setSequenceNumber(e.longField("sequenceNumber"))
                    .build());
        } catch (UnknownSchemaException e) {
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, UNKNOWN_SCHEMA, e.getMessage(), e).build());
        } catch (RegistryException e) {
            // Unreachable after retries, or an answer that says the registry (not the record) is at fault.
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, REGISTRY_UNAVAILABLE, e.getMessage(), e).build());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // EOF in a truncated body, bad union index, negative length, a length claiming gigabytes, bad JSON...
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while decoding");
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Either.Right(deadLetter(record, Stage.DESERIALIZE, MALFORMED,
                    "cannot decode: " + message, e).build());
        }
        java.util.List<String> violations = EnvelopeValidator.violations(event);
        if (!violations.isEmpty()) {
            return Either.Right(deadLetter(record, Stage.VALIDATE, INVALID_ENVELOPE,
                    "invalid envelope: " + String.join("; ", violations), null)
                    .setEventId(event.getEventId())
                    .setEventType(event.getEventType())
                    .setAggregateId(event.getAggregateId())
                    .setSequenceNumber(event.getSequenceNumber())
                    .build());
        }
        return Either.Left(event);
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
        DeadLetter.Builder b = DeadLetters.builder(stage, reason, message, jobName)
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRecordTimestamp(record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaders(DeadLetters.headers(record.headers()));
        if (error != null) {
            DeadLetters.withException(b, error);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof EnvelopeRecordDeserializer)) return false;
        EnvelopeRecordDeserializer d = (EnvelopeRecordDeserializer) o;
        return avro.equals(d.avro) && jobName.equals(d.jobName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(avro, jobName);
    }

    /**
     * Wraps a coder provider so that a writer schema that cannot be resolved against the reader schema fails
     * as {@link UnknownSchemaException} before any data is read (instead of as a decoding error).
     */
    static final class ReadableAsProvider implements SchemaCoder.SchemaCoderProvider {
        private static final long serialVersionUID = 1L;
        private final SchemaCoder.SchemaCoderProvider delegate;
        private final String readerSchema;

        ReadableAsProvider(SchemaCoder.SchemaCoderProvider delegate, String readerSchema) {
            this.delegate = delegate;
            this.readerSchema = readerSchema;
        }

        @Override
        public SchemaCoder get() {
            return new ReadableAsCoder(delegate.get(), new Schema.Parser().parse(readerSchema));
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

    static final class ReadableAsCoder implements SchemaCoder {
        private final SchemaCoder delegate;
        private final Schema reader;
        private final Map<Schema, String> incompatibilities = new ConcurrentHashMap<>();

        ReadableAsCoder(SchemaCoder delegate, Schema reader) {
            this.delegate = delegate;
            this.reader = reader;
        }

        @Override
        public Schema readSchema(InputStream in) throws IOException {
            Schema writer = delegate.readSchema(in);
            String problem = incompatibilities.computeIfAbsent(writer, w -> {
                SchemaCompatibility.SchemaPairCompatibility c =
                        SchemaCompatibility.checkReaderWriterCompatibility(reader, w);
                return c.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                        ? "" : c.getDescription();
            });
            if (!problem.isEmpty()) {
                throw new UnknownSchemaException("writer schema " + writer.getFullName()
                        + " cannot be read as " + reader.getFullName() + ": " + abbreviate(problem), -1, 200);
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
