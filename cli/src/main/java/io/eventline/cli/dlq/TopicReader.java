package io.eventline.cli.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning to its end offsets at the time of the call (no consumer group, nothing
 * committed): the DLQ, its replay log, the control topic.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicReader() {}

    /** Calls {@code consumer} for every record of {@code topic} up to its current end; nothing if it does not exist. */
    public static void readAll(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> consumer) {
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
                        consumer.accept(record);
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
}
