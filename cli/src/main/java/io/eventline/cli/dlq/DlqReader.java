package io.eventline.cli.dlq;

import io.eventline.cli.codec.WireFormat;
import io.eventline.contracts.DeadLetterHeaderNames;
import io.eventline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead letters of a DLQ topic, decoded. A value that cannot be decoded (registry down, a foreign record) still
 * counts: its dead letter is rebuilt from the {@code dlq-*} headers that mirror the main fields.
 */
public final class DlqReader {

    private DlqReader() {}

    /** Every dead letter of {@code dlqTopic}, sorted by partition and offset. */
    public static List<DlqRecord> deadLetters(String bootstrapServers, String dlqTopic, WireFormat values) {
        List<DlqRecord> records = new ArrayList<>();
        TopicReader.readAll(bootstrapServers, dlqTopic, record -> {
            DeadLetter letter;
            String error = null;
            try {
                letter = values.decode(record.value(), DeadLetter.getClassSchema());
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                letter = fromHeaders(record);
            }
            records.add(new DlqRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                    letter, error));
        });
        records.sort(Comparator.comparingInt(DlqRecord::partition).thenComparingLong(DlqRecord::offset));
        return records;
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
