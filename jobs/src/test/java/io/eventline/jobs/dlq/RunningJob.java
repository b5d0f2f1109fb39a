package io.eventline.jobs.dlq;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.cli.EventlineCli;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
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
 * with the real broker, registry and PostgreSQL; plus helpers to feed it and to run the CLI in-process.
 */
final class RunningJob implements AutoCloseable {

    record Cli(int exitCode, String out, String err) {}

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final String topic;
    final String jdbcUrl;
    final JobClient job;
    private final EnvelopeRecordSerializer serializer;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * @param extraConf Flink settings on top of the job's (e.g. a metrics reporter)
     */
    RunningJob(String name, String gapPolicy, Configuration extraConf) throws Exception {
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
        serializer = new EnvelopeRecordSerializer(RegistryConfig.of(registry.ccompatUrl()), topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void send(EventEnvelope... events) throws Exception {
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
        DlqReader.readAll(kafka.bootstrapServers(), topic, (r, unused) -> n.incrementAndGet());
        return n.get();
    }

    List<DlqRecord> deadLetters() {
        return DlqReader.deadLetters(kafka.bootstrapServers(), topic + ".dlq", RegistryConfig.of(registry.ccompatUrl()));
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

    /** {@code eventline dlq ...} in-process, against this job's topics. */
    Cli dlq(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--registry-url", registry.ccompatUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EventlineCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * {@code eventline dlq ...} in a class loader without Flink's provided jars (flink-core, runtime, streaming):
     * what {@code eventline.sh} runs, the shaded job jar alone, holds only flink-avro and the connectors.
     */
    Cli dlqWithoutFlink(String... args) throws Exception {
        List<java.net.URL> urls = new ArrayList<>();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            boolean flink = entry.contains("/org/apache/flink/");
            boolean shaded = entry.contains("/flink-avro/") || entry.contains("/flink-connector-kafka/")
                    || entry.contains("/flink-connector-jdbc-core/");
            if (!flink || shaded) {
                urls.add(java.nio.file.Path.of(entry).toUri().toURL());
            }
        }
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--registry-url", registry.ccompatUrl()));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                loader.loadClass("org.apache.flink.api.common.functions.RuntimeContext");
                throw new AssertionError("flink-core is visible: the isolation is broken");
            } catch (ClassNotFoundException expected) {
                // as in the shaded jar
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Object code = loader.loadClass(EventlineCli.class.getName())
                    .getMethod("execute", PrintWriter.class, PrintWriter.class, String[].class)
                    .invoke(null, new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
            return new Cli((Integer) code, out.toString(), err.toString());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
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
    }
}
