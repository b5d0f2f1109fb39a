package io.eventline.common.deadletter;

import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a dead letter into a DLQ record that Kafka will take, without the registry and without throwing:
 *
 * <ol>
 *   <li>sets the deterministic {@code id} ({@link DeadLetterCodec#id}) and, for a value, its size and SHA-256;
 *   <li>drops a value larger than {@code maxValueBytes} ({@code valueOmitted=true}: a replay re-reads the original
 *       from sourceTopic/partition/offset and can check it against the hash) and trims the message;
 *   <li>encodes with the schema id resolved at job start ({@link DeadLetterEncoding}), or single-object encoding
 *       with a {@code dlq-encoding} header when the registry was unreachable then;
 *   <li>if the record is still larger than {@code maxRecordBytes} (the producer's {@code max.request.size},
 *       aligned with the topic's {@code max.message.bytes}), drops the copied headers, the key and the stack trace;
 *       if even that does not fit, or encoding fails, returns {@code null}: the caller counts and logs it, and the
 *       Kafka writer skips a {@code null} record instead of failing the job on every restart.
 * </ol>
 */
public final class DeadLetterEncoder implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterEncoder.class);

    public static final int DEFAULT_MAX_VALUE_BYTES = 256 * 1024;
    /** Kafka's default {@code max.request.size} and (close to) the default topic {@code max.message.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    /** Room for the record batch header, the timestamp, lengths and attributes around key, value and headers. */
    static final int RECORD_OVERHEAD_BYTES = 512;
    static final int MAX_MESSAGE_CHARS = 8 * 1024;
    /** Kept free of the value under the record limit: message, stack trace (4,000 chars), ids, headers. */
    static final int ROOM_FOR_THE_REST = 64 * 1024;

    /** What happened to one dead letter, for the caller's metrics. */
    public enum Outcome { WRITTEN, CAPPED, DROPPED }

    private final DeadLetterEncoding encoding;
    private final String fallbackTopic;
    private final int maxValueBytes;
    private final int maxRecordBytes;

    /**
     * @param maxValueBytes the value cap; lowered to leave 64 KiB of the record limit for the rest of the dead letter
     * @param maxRecordBytes the producer's {@code max.request.size}, at most the DLQ topic's {@code max.message.bytes}
     */
    public DeadLetterEncoder(DeadLetterEncoding encoding, String fallbackTopic, int maxValueBytes, int maxRecordBytes) {
        if (maxValueBytes < 0 || maxRecordBytes < 2 * ROOM_FOR_THE_REST) {
            throw new IllegalArgumentException("dead-letter limits too small: value cap " + maxValueBytes
                    + " bytes, record limit " + maxRecordBytes + " bytes (at least " + 2 * ROOM_FOR_THE_REST + ")");
        }
        this.encoding = encoding;
        this.fallbackTopic = fallbackTopic;
        this.maxValueBytes = Math.min(maxValueBytes, maxRecordBytes - ROOM_FOR_THE_REST);
        this.maxRecordBytes = maxRecordBytes;
        if (this.maxValueBytes < maxValueBytes) {
            LOG.info("dead-letter value cap lowered from {} to {} bytes to fit records of {} bytes", maxValueBytes,
                    this.maxValueBytes, maxRecordBytes);
        }
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public DeadLetterEncoding encoding() {
        return encoding;
    }

    /**
     * The record, or {@code null} when this dead letter cannot be written (logged with its coordinates). Works on a
     * copy: the given dead letter is not changed.
     */
    public ProducerRecord<byte[], byte[]> encode(DeadLetter given, Outcome[] outcome) {
        DeadLetter letter = given;
        try {
            letter = DeadLetter.newBuilder(given).build();
            boolean capped = prepare(letter);
            ProducerRecord<byte[], byte[]> record = record(letter);
            if (size(record) > maxRecordBytes) {
                capped = true;
                letter.setHeaders(new ArrayList<>());
                letter.setKey(null);
                letter.setStackTrace(null);
                record = record(letter);
            }
            if (size(record) > maxRecordBytes) {
                return drop(letter, outcome, "still " + size(record) + " bytes after trimming, over the limit of "
                        + maxRecordBytes, null);
            }
            outcome[0] = capped ? Outcome.CAPPED : Outcome.WRITTEN;
            return record;
        } catch (RuntimeException e) {
            return drop(letter, outcome, "cannot be encoded", e);
        }
    }

    /** Sets id, size and hash; caps value and message. Returns whether anything was cut. */
    private boolean prepare(DeadLetter letter) {
        boolean capped = false;
        if (letter.getId() == null) {
            letter.setId(DeadLetterCodec.id(letter));
        }
        ByteBuffer value = letter.getValue();
        if (value != null) {
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            letter.setValueSize(bytes.length);
            letter.setValueSha256(DeadLetterCodec.sha256Hex(bytes));
            if (bytes.length > maxValueBytes) {
                letter.setValue(null);
                letter.setValueOmitted(true);
                capped = true;
            }
        }
        if (letter.getMessage() != null && letter.getMessage().length() > MAX_MESSAGE_CHARS) {
            letter.setMessage(letter.getMessage().substring(0, MAX_MESSAGE_CHARS) + "...");
            capped = true;
        }
        return capped;
    }

    private ProducerRecord<byte[], byte[]> record(DeadLetter letter) {
        String topic = letter.getSourceTopic() == null
                ? fallbackTopic
                : DeadLetterRecordSerializer.dlqTopicFor(letter.getSourceTopic());
        byte[] key = letter.getAggregateId() == null ? null : letter.getAggregateId().getBytes(StandardCharsets.UTF_8);
        List<Header> headers = DeadLetterRecordSerializer.headers(letter);
        byte[] value;
        if (encoding.registered()) {
            value = DeadLetterCodec.encodeConfluent(letter, encoding.schemaId());
        } else {
            value = DeadLetterCodec.encodeSingleObject(letter);
            headers.add(new RecordHeader(DeadLetterCodec.ENCODING_HEADER,
                    DeadLetterCodec.SINGLE_OBJECT.getBytes(StandardCharsets.UTF_8)));
        }
        // No record timestamp: the producer stamps the time it is written. failedAt can be the log time of an old
        // event (a backlog, a rebuild); as the record's timestamp it made topic retention delete the dead letter at
        // the broker's next retention check.
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }

    static int size(ProducerRecord<byte[], byte[]> record) {
        int size = RECORD_OVERHEAD_BYTES + record.topic().length();
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (Header h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return size;
    }

    private static ProducerRecord<byte[], byte[]> drop(DeadLetter letter, Outcome[] outcome, String why,
            RuntimeException error) {
        outcome[0] = Outcome.DROPPED;
        LOG.error("dead letter {} (stage {}, reason {}) from {}/{}@{}, aggregate {}, event {} NOT written to the DLQ: {}",
                letter.getId(), letter.getStage(), letter.getReason(), letter.getSourceTopic(), letter.getPartition(),
                letter.getOffset(), letter.getAggregateId(), letter.getEventId(), why, error);
        return null;
    }
}
