package io.eventline.jobs.orders;

import io.eventline.common.sink.TestDatabase;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The order-projections job as production wires it ({@link OrderProjectionsJob#wire}) on a local MiniCluster, over
 * the real broker, registry and PostgreSQL, with its own topics and database; can stop with a savepoint and start
 * again from it. Options are the job's command line, so a test states exactly what differs from the defaults.
 */
final class OrdersJobRun implements AutoCloseable {

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final String topic;
    final String jdbcUrl;
    private final Path work;
    private final List<String> args;
    private final int parallelism;
    private final KafkaProducer<byte[], byte[]> producer;
    private JobClient job;
    /** Extra Flink configuration of every start (e.g. a metric reporter). */
    private final Configuration extraConfiguration = new Configuration();

    OrdersJobRun(String name, int partitions, int parallelism, String... extraArgs) throws Exception {
        this.topic = name + "-" + System.nanoTime();
        this.parallelism = parallelism;
        kafka.createTopics(partitions, topic, topic + ".dlq", topic + ".control");
        jdbcUrl = TestDatabase.POSTGRES.newDatabase(name.replace("-", "_"));
        work = Files.createTempDirectory("eventline-" + name);
        args = new ArrayList<>(List.of(
                "--job-name", name,
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic,
                "--control-topic", topic + ".control",
                "--group-id", topic,
                "--registry-url", registry.ccompatUrl(),
                "--starting-offsets", "earliest",
                "--jdbc-url", jdbcUrl,
                "--create-tables",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--parallelism", String.valueOf(parallelism)));
        args.addAll(List.of(extraArgs));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Adds Flink configuration to every later start. */
    OrdersJobRun configure(String key, String value) {
        extraConfiguration.setString(key, value);
        return this;
    }

    /** Starts the job, from {@code savepoint} when not null. */
    OrdersJobRun start(String savepoint) throws Exception {
        JobOptions options = JobCommandLine.parse(args.toArray(String[]::new));
        job = environment(options, savepoint).executeAsync(options.jobName);
        return this;
    }

    /** Submits the job to a MiniCluster the test controls (to fail a TaskManager under it, say). */
    OrdersJobRun submit(MiniCluster cluster) throws Exception {
        JobOptions options = JobCommandLine.parse(args.toArray(String[]::new));
        StreamGraph graph = environment(options, null).getStreamGraph();
        graph.setJobName(options.jobName);
        cluster.submitJob(graph).get();
        job = new MiniClusterJobClient(graph.getJobID(), cluster, getClass().getClassLoader(),
                MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
        return this;
    }

    private StreamExecutionEnvironment environment(JobOptions options, String savepoint) {
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        conf.addAll(extraConfiguration);
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        OrderProjectionsJob.wire(env, options);
        return env;
    }

    org.apache.flink.api.common.JobID jobId() {
        return job.getJobID();
    }

    /** Stops the job with a savepoint (the sources stop where they are, the sinks flush) and returns its path. */
    String stopWithSavepoint() throws Exception {
        String path = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        job = null;
        return path;
    }

    /** Sends one pre-encoded record to a partition with an explicit timestamp; {@link #flush} to wait for all. */
    void send(int partition, long timestamp, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, timestamp, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value));
    }

    /** Sends a record as given (e.g. with replay headers). */
    void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
    }

    void flush() {
        producer.flush();
    }

    /** Every order_summary row by orderId. */
    Map<String, OrderSummaryRow> orders() throws Exception {
        Map<String, OrderSummaryRow> rows = new TreeMap<>();
        try (Connection c = TestDatabase.connect(jdbcUrl)) {
            for (OrderSummaryRow r : new ReadModelReader(c, TestDatabase.POSTGRES.dialect()).orders()) {
                rows.put(r.orderId, r);
            }
        } catch (java.sql.SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("does not exist")) {
                throw e; // the job creates the tables when it starts
            }
        }
        return rows;
    }

    /** Records in the DLQ topic, counted without decoding. */
    long deadLetterCount() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic + ".dlq").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        if (job != null) {
            job.cancel().get();
            // The local MiniCluster stops after the job's result is known: wait for it, or the JVM may exit while
            // Flink is still stopping (and the fork ends with a non-zero code when this was the last test class).
            try {
                job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException cancelled) {
                // expected: the job was cancelled
            }
        }
    }
}
