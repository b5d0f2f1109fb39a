package io.eventline.cli.dlq;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.events.EventEnvelope;
import io.eventline.cli.ShippedCli;
import io.eventline.cli.codec.RegistryClient;
import io.eventline.cli.codec.WireFormat;
import io.eventline.contracts.DeadLetterTopics;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The order-projections job, wired as in production ({@link OrderProjectionsJob#wire}), on a local MiniCluster
 * with the real broker, registry and PostgreSQL; plus helpers to feed it and to run the shipped CLI against it.
 */
public final class RunningJob implements AutoCloseable {

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    public final String topic;
    public final String jdbcUrl;
    final JobClient job;
    private final EnvelopeRecordSerializer<EventEnvelope> serializer;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * @param extraConf Flink settings on top of the job's (e.g. a metrics reporter)
     */
    public RunningJob(String name, String gapPolicy, Configuration extraConf) throws Exception {
        topic = name + "-" + System.nanoTime();
        kafka.createTopics(2, topic, topic + ".dlq", topic + ".control");
        jdbcUrl = TestDatabase.POSTGRES.newDatabase(name.replace("-", "_"));
        Path work = Files.createTempDirectory("eventline-" + name);
        JobOptions options = JobCommandLine.parse(
                "--job-name", name,
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic,
                "--control-topic", topic + ".control",
                "--group-id", topic,
                "--registry-url", registry.ccompatUrl(),
                "--starting-offsets", "earliest",
                "--jdbc-url", jdbcUrl,
                "--create-tables",
                "--sink-batch-size", "10",
                "--sink-flush-interval", "PT0.1S",
                "--gap-timeout", "PT1S",
                // Live tests: an idle topic's event time follows the wall clock after 0.5 s (LogClockWatermarks).
                "--source-idle-timeout", "PT0.5S",
                "--gap-policy", gapPolicy,
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "PT1S",
                "--parallelism", "1");
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        conf.addAll(extraConf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        OrderProjectionsJob.wire(env, options);
        job = env.executeAsync(name);
        serializer = OrderEnvelopes.serializer(RegistryConfig.of(registry.ccompatUrl()), topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(EventEnvelope... events) throws Exception {
        for (EventEnvelope event : events) {
            producer.send(new ProducerRecord<>(topic, event.getAggregateId().getBytes(StandardCharsets.UTF_8),
                    serializer.serializeValue(event))).get();
        }
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** Records in the source topic: replays included. */
    long sourceRecords() {
        AtomicLong n = new AtomicLong();
        TopicReader.readAll(kafka.bootstrapServers(), topic, r -> n.incrementAndGet());
        return n.get();
    }

    List<DlqRecord> deadLetters() {
        return DlqReader.deadLetters(kafka.bootstrapServers(), DeadLetterTopics.dlqTopicFor(topic),
                new WireFormat(new RegistryClient(registry.ccompatUrl())));
    }

    List<DlqRecord> deadLetters(String aggregateId) {
        List<DlqRecord> mine = new ArrayList<>();
        for (DlqRecord r : deadLetters()) {
            if (aggregateId.equals(r.aggregateId())) {
                mine.add(r);
            }
        }
        return mine;
    }

    OrderSummaryRow order(String orderId) throws Exception {
        try (Connection c = TestDatabase.connect(jdbcUrl)) {
            return new ReadModelReader(c, TestDatabase.POSTGRES.dialect()).order(orderId).orElse(null);
        }
    }

    CustomerOrdersRow customer(String customerId) throws Exception {
        try (Connection c = TestDatabase.connect(jdbcUrl)) {
            return new ReadModelReader(c, TestDatabase.POSTGRES.dialect()).customer(customerId).orElse(null);
        }
    }

    String dump(String table) throws Exception {
        return TestDatabase.dump(jdbcUrl, table);
    }

    /** {@code eventline.sh dlq ...} as a process (the shipped jar), against this job's topics. */
    ShippedCli.Result dlq(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--registry-url", registry.ccompatUrl()));
        return ShippedCli.run(all.toArray(String[]::new));
    }

    public static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        job.cancel().get();
        // The local MiniCluster stops after the job's result is known: wait for both, or the JVM may exit while
        // Flink is still stopping (and the fork ends with a non-zero code when this was the last test class).
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // expected: the job was cancelled
        }
    }
}
