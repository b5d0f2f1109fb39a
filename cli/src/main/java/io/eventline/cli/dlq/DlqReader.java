package io.eventline.cli.dlq;

import io.eventline.cli.codec.WireFormat;
import io.eventline.contracts.DeadLetterHeaderNames;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import java.util.HashSet;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead letters of a DLQ topic, decoded, each once. Values are in the Confluent wire format or, when the job
 * could not reach the registry at its start, in Avro's single-object encoding (header {@code dlq-encoding}); see
 * {@link DeadLetterCodec}. A value that cannot be decoded (registry down, a foreign record) still counts: its dead
 * letter is rebuilt from the {@code dlq-*} headers that mirror the main fields. The DLQ sink is at-least-once, so
 * a restart can write a dead letter twice: every copy of one dead-letter id after the first is left out.
 */
public final class DlqReader {

    private DlqReader() {}

    /** Every dead letter of {@code dlqTopic}, sorted by partition and offset. */
    public static List<DlqRecord> deadLetters(String bootstrapServers, String dlqTopic, WireFormat values) {
        List<DlqRecord> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        TopicReader.readAll(bootstrapServers, dlqTopic, record -> {
            DeadLetter letter;
            String error = null;
            try {
                letter = DeadLetterCodec.decode(record.value(),
                        header(record, DeadLetterCodec.ENCODING_HEADER.substring(DeadLetterHeaderNames.PREFIX.length())),
                        values::writerSchema);
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                letter = fromHeaders(record);
            }
            if (seen.add(identity(record, letter))) {
                records.add(new DlqRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                        letter, error));
            }
        });
        records.sort(Comparator.comparingInt(DlqRecord::partition).thenComparingLong(DlqRecord::offset));
        return records;
    }

    /** The dead letter's id: its own field, the {@code dlq-id} header, or computed for v1 dead letters. */
    private static String identity(ConsumerRecord<byte[], byte[]> record, DeadLetter letter) {
        if (letter.getId() != null) {
            return letter.getId();
        }
        String header = header(record, DeadLetterCodec.ID_HEADER.substring(DeadLetterHeaderNames.PREFIX.length()));
        return header != null ? header : DeadLetterCodec.id(letter);
    }

    /** What the {@code dlq-*} headers tell when the value cannot be decoded. */
    static DeadLetter fromHeaders(ConsumerRecord<byte[], byte[]> record) {
        String sequence = header(record, "sequence");
        String failedAt = header(record, "failed-at");
        String attempt = header(record, "attempt");
        return DeadLetter.newBuilder()
                .setStage(orEmpty(header(record, "stage")))
                .setReason(orEmpty(header(record, "reason")))
                .setMessage("(value not decoded)")
                .setJobName(orEmpty(header(record, "job")))
                .setEventId(header(record, "event-id"))
                .setEventType(header(record, "event-type"))
                .setAggregateId(header(record, "aggregate-id"))
                .setSequenceNumber(sequence == null ? null : Long.valueOf(sequence))
                .setSourceTopic(header(record, "source-topic"))
                .setExceptionClass(header(record, "exception"))
                .setAttempt(attempt == null ? 1 : Integer.parseInt(attempt))
                .setHeaders(new ArrayList<>())
                .setFailedAt(failedAt == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(failedAt))
                .build();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String field) {
        Header h = record.headers().lastHeader(DeadLetterHeaderNames.of(field));
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
