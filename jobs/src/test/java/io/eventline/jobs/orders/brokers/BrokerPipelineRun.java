package io.eventline.jobs.orders.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The order-projections job as production wires it ({@link OrderProjectionsJob#wire}) with {@code --source
 * <broker>}, submitted to the test's MiniCluster, over the real registry, PostgreSQL and (for the dead letters)
 * Kafka; polls the read models and the DLQ until they equal the workload's expectation.
 */
final class BrokerPipelineRun implements AutoCloseable {

    /** Generous for a loaded 2-core CI machine; a passing run takes seconds per step. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final String name;
    /** The DLQ is {@code <topic>.dlq}; the topic itself is not read. */
    final String topic;
    final String jdbcUrl;
    private final List<String> args;
    private final EnvelopeRecordSerializer<EventEnvelope> avro;
    private JobClient job;

    BrokerPipelineRun(String name, String... sourceArgs) throws Exception {
        this(name, Duration.ofSeconds(5), sourceArgs);
    }

    BrokerPipelineRun(String name, Duration gapTimeout, String... sourceArgs) throws Exception {
        this.name = name;
        this.topic = name + "-" + System.nanoTime();
        kafka.createTopics(1, topic + ".dlq");
        jdbcUrl = TestDatabase.POSTGRES.newDatabase(name.replace("-", "_"));
        Path work = Files.createTempDirectory("eventline-" + name);
        args = new ArrayList<>(List.of(
                "--job-name", name,
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic,
                "--registry-url", registry.ccompatUrl(),
                "--jdbc-url", jdbcUrl,
                "--create-tables",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "PT1S",
                "--gap-timeout", gapTimeout.toString(),
                "--source-idle-timeout", "PT2S"));
        args.addAll(List.of(sourceArgs));
        avro = OrderEnvelopes.serializer(RegistryConfig.of(registry.ccompatUrl()), topic);
    }

    /** Submits the job to the MiniCluster of the test class (MiniClusterExtension). */
    JobClient start() throws Exception {
        JobOptions options = JobCommandLine.parse(args.toArray(String[]::new));
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        OrderProjectionsJob.wire(env, options);
        job = env.executeAsync(name);
        return job;
    }

    /** A workload record's bytes: raw, or the event as Avro in the Confluent wire format. */
    byte[] value(Outgoing out) {
        return out.raw() != null ? out.raw() : avro.serializeValue(out.event());
    }

    static byte[] key(Outgoing out) {
        return out.key().getBytes(StandardCharsets.UTF_8);
    }

    /** Polls until the tables hold exactly what the workload expects, and the dead letters too. */
    void awaitExactReadModels(OrderWorkload workload, boolean countDistinctDeadLetters) {
        Map<String, Long> expectedDeadLetters = new TreeMap<>(workload.expectedDeadLetters());
        await("exact read models and dead letters").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    ReadModelChecker.Result result = ReadModelChecker.checkDatabase(jdbcUrl, List.of(workload));
                    assertThat(result.mismatches()).as("read-model differences").isEmpty();
                    assertThat(result.orderRows()).isEqualTo(result.expectedOrders());
                    assertThat(result.customerRows()).isEqualTo(result.expectedCustomers());
                    assertThat(deadLettersByReason(countDistinctDeadLetters)).as("dead letters by reason")
                            .isEqualTo(expectedDeadLetters);
                });
    }

    /** Events applied to order_summary so far (the sum of its row versions): progress before a fault. */
    long appliedEvents() throws Exception {
        try (java.sql.Connection c = TestDatabase.connect(jdbcUrl); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(version), 0) FROM order_summary")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the job creates the tables when it starts
        }
    }

    /**
     * Dead letters by reason. Distinct: a dead letter written again after a failover (the DLQ is at-least-once)
     * counts once, recognised by what failed (stage, reason, aggregate, sequence number, the received key and
     * value: the workload's junk records share values, never keys).
     */
    Map<String, Long> deadLettersByReason(boolean distinct) throws Exception {
        Map<String, Long> byReason = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DeadLetter d : deadLetters()) {
            String identity = d.getStage() + "|" + d.getReason() + "|" + d.getAggregateId() + "|"
                    + d.getSequenceNumber() + "|" + (d.getKey() == null ? "" : d.getKey().hashCode()) + "|"
                    + (d.getValue() == null ? "" : d.getValue().hashCode());
            if (!distinct || seen.add(identity)) {
                byReason.merge(d.getReason(), 1L, Long::sum);
            }
        }
        return byReason;
    }

    /** Every dead letter in the DLQ topic, decoded. */
    List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic + ".dlq", 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header encoding = r.headers().lastHeader(DeadLetterCodec.ENCODING_HEADER);
                    all.add(DeadLetterCodec.decode(r.value(),
                            encoding == null ? null : new String(encoding.value(), StandardCharsets.UTF_8),
                            id -> DeadLetter.getClassSchema()));
                }
            }
        }
        return all;
    }

    /** The value of one of a dead letter's copied headers, or null. */
    static String header(DeadLetter d, String name) {
        return d.getHeaders().stream().filter(h -> h.getKey().equals(name)).findFirst()
                .map(h -> h.getValue() == null ? null : StandardCharsets.UTF_8.decode(h.getValue().duplicate()).toString())
                .orElse(null);
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get(60, TimeUnit.SECONDS);
            try {
                job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException cancelled) {
                // expected: the job was cancelled
            }
        }
    }
}
