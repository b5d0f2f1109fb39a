package io.eventline.bench;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The services every run shares: one Kafka broker, one Apicurio registry, one PostgreSQL, and the CPU meter. */
final class BenchServices implements AutoCloseable {

    static final String TOPIC = "bench-orders";
    static final String DLQ_TOPIC = TOPIC + ".dlq";
    static final int PARTITIONS = 4;

    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private PostgresServer postgres;
    final RegistryConfig registryConfig;
    final Cpu cpu;

    private BenchServices(EmbeddedKafka kafka, ApicurioRegistry registry, PostgresServer postgres, List<String> notes) {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
        this.registryConfig = RegistryConfig.of(registry.ccompatUrl());
        this.cpu = new Cpu(postmasterPid(notes));
    }

    /** Starts the services and creates the topics; {@code notes} gets what could not be measured. */
    static BenchServices start(List<String> notes) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ApicurioRegistry registry = null;
        try {
            registry = ApicurioRegistry.start();
            PostgresServer postgres = PostgresServer.start();
            kafka.createTopics(PARTITIONS, Map.of("retention.ms", "-1", "retention.bytes", "-1"), TOPIC, DLQ_TOPIC);
            return new BenchServices(kafka, registry, postgres, notes);
        } catch (Exception e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.ccompatUrl();
    }

    KafkaProducer<byte[], byte[]> producer(int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records in a topic (end minus beginning offsets over all partitions). */
    long topicRecords(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum()
                    - c.beginningOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** An empty database of that name (dropped first if it exists); returns its JDBC URL. */
    String freshDatabase(String name) {
        postgres.dropDatabase(name);
        return postgres.createDatabase(name);
    }

    private long postmasterPid(List<String> notes) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres")); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'data_directory'")) {
            r.next();
            return Long.parseLong(Files.readAllLines(Path.of(r.getString(1), "postmaster.pid")).get(0).trim());
        } catch (Exception e) {
            notes.add("PostgreSQL CPU not measured: " + e.getMessage());
            return -1;
        }
    }

    /** Stops every service; safe to call twice (from the shutdown hook and the normal path). */
    @Override
    public synchronized void close() {
        AutoCloseable[] services = {registry, kafka, postgres};
        registry = null;
        kafka = null;
        postgres = null;
        for (AutoCloseable c : services) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    BenchHarness.say("could not stop " + c + ": " + e);
                }
            }
        }
    }
}
