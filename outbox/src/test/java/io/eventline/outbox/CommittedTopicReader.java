package io.eventline.outbox;

import io.eventline.common.serde.ConfluentSchemaCoderProvider;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of a whole topic from the beginning, decoding the Confluent wire format through the
 * registry: what a downstream consumer of the relay sees.
 */
public final class CommittedTopicReader implements AutoCloseable {

    /** One record as consumed, with the wall-clock time it was polled. */
    public record Received(EventEnvelope event, int partition, long offset, String key, long receivedAtMillis) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RegistryAvroDeserializationSchema<EventEnvelope> values;
    private final List<Received> received = new ArrayList<>();

    public CommittedTopicReader(String bootstrapServers, String topic, String registryUrl) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        values = new RegistryAvroDeserializationSchema<>(EventEnvelope.class, null,
                ConfluentSchemaCoderProvider.forReading(RegistryConfig.of(registryUrl)));
    }

    /** Polls until at least {@code count} records arrived or the timeout passed; returns all received so far. */
    public List<Received> pollUntil(int count, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (received.size() < count && System.currentTimeMillis() < deadline) {
            pollOnce(Duration.ofMillis(100));
        }
        return List.copyOf(received);
    }

    /** Keeps polling for {@code d}: whatever arrives late (a duplicate) is counted. */
    public List<Received> pollFor(Duration d) throws Exception {
        long deadline = System.currentTimeMillis() + d.toMillis();
        while (System.currentTimeMillis() < deadline) {
            pollOnce(Duration.ofMillis(100));
        }
        return List.copyOf(received);
    }

    private void pollOnce(Duration d) throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
            long now = System.currentTimeMillis();
            received.add(new Received(values.deserialize(r.value()), r.partition(), r.offset(),
                    r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), now));
        }
    }

    /** Per aggregate, the sequence numbers in the order consumed. */
    public static Map<String, List<Long>> sequencesByAggregate(List<Received> records) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Received r : records) {
            out.computeIfAbsent(r.event().getAggregateId(), k -> new ArrayList<>()).add(r.event().getSequenceNumber());
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
