package io.eventline.jobs.dlq;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning to its end offsets at the time of the call (no consumer group, nothing
 * committed): the DLQ, its replay log, the control topic.
 */
public final class DlqReader {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private DlqReader() {}

    /** Every dead letter of {@code dlqTopic}, sorted by partition and offset. */
    public static List<DlqRecord> deadLetters(String bootstrapServers, String dlqTopic, RegistryConfig registry) {
        WireFormat values = new WireFormat(registry);
        List<DlqRecord> records = new ArrayList<>();
        readAll(bootstrapServers, dlqTopic, (record, unused) -> {
            DeadLetter letter;
            String error = null;
            try {
                letter = values.decode(record.value(), DeadLetter.class, DeadLetter.getClassSchema());
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

    /** Calls {@code consumer} for every record of {@code topic} up to its current end; nothing if it does not exist. */
    public static void readAll(String bootstrapServers, String topic,
            BiConsumer<ConsumerRecord<byte[], byte[]>, Void> consumer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Replays and their log are written in transactions: an aborted replay must not count.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // Reading must not create topics: the replay log has to be created compacted (ReplayLog.ensureTopic).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> kafka =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(kafka, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                    Long last = end.get(new TopicPartition(record.topic(), record.partition()));
                    if (last != null && record.offset() < last) {
                        consumer.accept(record, null);
                    }
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (kafka.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** What the {@code dlq-*} headers tell when the value cannot be decoded. */
    static DeadLetter fromHeaders(ConsumerRecord<byte[], byte[]> record) {
        String p = "dlq-"; // DeadLetterRecordSerializer.HEADER_PREFIX, a Flink class
        String sequence = header(record, p + "sequence");
        String failedAt = header(record, p + "failed-at");
        String attempt = header(record, p + "attempt");
        return DeadLetter.newBuilder()
                .setStage(orEmpty(header(record, p + "stage")))
                .setReason(orEmpty(header(record, p + "reason")))
                .setMessage("(value not decoded)")
                .setJobName(orEmpty(header(record, p + "job")))
                .setEventId(header(record, p + "event-id"))
                .setEventType(header(record, p + "event-type"))
                .setAggregateId(header(record, p + "aggregate-id"))
                .setSequenceNumber(sequence == null ? null : Long.valueOf(sequence))
                .setSourceTopic(header(record, p + "source-topic"))
                .setExceptionClass(header(record, p + "exception"))
                .setAttempt(attempt == null ? 1 : Integer.parseInt(attempt))
                .setHeaders(new ArrayList<>())
                .setFailedAt(failedAt == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(failedAt))
                .build();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
