package io.eventline.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The value encodings of a DLQ record, for the job that writes them and for every tool that reads them (no Flink,
 * no Kafka: Avro only).
 *
 * <ul>
 *   <li>{@value #CONFLUENT}: the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary), the schema
 *       registered under {@code <dlq-topic>-value}. The job registers or looks the id up once at start; a record
 *       carries no {@value #ENCODING_HEADER} header or this value.
 *   <li>{@value #SINGLE_OBJECT}: Avro single-object encoding (marker {@code C3 01}, 8-byte schema fingerprint,
 *       Avro binary), self-describing without a registry. The job writes it when the registry could not be
 *       reached at start, and says so in the {@value #ENCODING_HEADER} header.
 * </ul>
 *
 * Readers call {@link #decode(byte[], String, WriterSchemas)} with the record's {@value #ENCODING_HEADER} header
 * (or {@code null}) and a registry lookup for Confluent-framed values.
 */
public final class DeadLetterCodec {

    /** Kafka header naming the value's encoding; absent means {@value #CONFLUENT}. */
    public static final String ENCODING_HEADER = "dlq-encoding";
    /** Kafka header holding the dead letter's {@link #id deterministic id}. */
    public static final String ID_HEADER = "dlq-id";
    public static final String CONFLUENT = "confluent";
    public static final String SINGLE_OBJECT = "avro-single-object";

    private static final byte MAGIC = 0;
    private static final BinaryMessageDecoder<DeadLetter> SINGLE_OBJECT_DECODER = DeadLetter.getDecoder();

    /** Writer schemas of Confluent-framed values, by registry id: the registry client of the reading tool. */
    @FunctionalInterface
    public interface WriterSchemas {
        Schema byId(int id) throws IOException;
    }

    /** The class's own model: it carries the logical-type conversions (timestamp-millis as Instant). */
    private static final SpecificData MODEL = SpecificData.getForClass(DeadLetter.class);

    private DeadLetterCodec() {}

    public static byte[] encodeSingleObject(DeadLetter letter) {
        try {
            return DeadLetter.getEncoder().encode(letter).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encodeConfluent(DeadLetter letter, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.write(MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<DeadLetter>(DeadLetter.SCHEMA$).write(letter, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a DLQ value.
     *
     * @param encodingHeader the record's {@value #ENCODING_HEADER} header, or {@code null} when it has none
     * @param writerSchemas looks up Confluent schema ids; may be {@code null} when only single-object values are read
     * @throws IOException on a value in neither encoding, an unknown schema, or a Confluent value without a lookup
     */
    public static DeadLetter decode(byte[] value, String encodingHeader, WriterSchemas writerSchemas)
            throws IOException {
        if (value == null) {
            throw new IOException("a DLQ record without a value");
        }
        String encoding = encodingHeader == null ? CONFLUENT : encodingHeader;
        switch (encoding) {
            case SINGLE_OBJECT:
                return SINGLE_OBJECT_DECODER.decode(value);
            case CONFLUENT:
                if (value.length < 5 || value[0] != MAGIC) {
                    throw new IOException("not the Confluent wire format (magic byte 0 and a schema id): "
                            + value.length + " bytes");
                }
                if (writerSchemas == null) {
                    throw new IOException("a Confluent-framed dead letter needs a schema registry to read");
                }
                int id = ByteBuffer.wrap(value, 1, 4).getInt();
                Schema writer = writerSchemas.byId(id);
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
                return new SpecificDatumReader<DeadLetter>(writer, DeadLetter.SCHEMA$, MODEL)
                        .read(null, decoder);
            default:
                throw new IOException("unknown " + ENCODING_HEADER + ": " + encoding);
        }
    }

    /**
     * The deterministic id of a dead letter: 32 hex characters of SHA-256 over (sourceTopic, partition, offset,
     * stage, reason) when the source coordinates are known, else over (aggregateId, sequenceNumber, eventId,
     * stage, reason). Two writes of the same failure (an at-least-once duplicate after a restart) share it.
     */
    public static String id(DeadLetter letter) {
        boolean coordinates = letter.getSourceTopic() != null && letter.getPartition() != null
                && letter.getOffset() != null;
        String identity = coordinates
                ? join("source", letter.getSourceTopic(), letter.getPartition(), letter.getOffset(), letter.getStage(),
                        letter.getReason())
                : join("event", letter.getAggregateId(), letter.getSequenceNumber(), letter.getEventId(),
                        letter.getStage(), letter.getReason());
        return HexFormat.of().formatHex(sha256(identity.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** Hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static String join(Object... parts) {
        StringBuilder s = new StringBuilder();
        for (Object part : parts) {
            // a NUL separator and a marker for null: ("a", null) and ("a", "") stay apart
            s.append(part == null ? "\u0001" : part.toString()).append('\u0000');
        }
        return s.toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
