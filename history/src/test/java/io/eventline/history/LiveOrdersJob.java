package io.eventline.history;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The live order-projections job as production wires it ({@link OrderProjectionsJob#wire}) on a local MiniCluster
 * over the shared broker and registry, with its own topic and database; and a producer of workload records (Avro
 * through the registry). {@link #jobArgs} are the options a rebuild of this job is given too.
 */
final class LiveOrdersJob implements AutoCloseable {

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final String topic;
    final String jdbcUrl;
    final Path work;
    private final List<String> jobArgs;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EnvelopeRecordSerializer<EventEnvelope> avro;
    private JobClient job;

    /** @param overrides option/value pairs that replace or add to the defaults below */
    LiveOrdersJob(String name, String jdbcUrl, int partitions, String... overrides) throws Exception {
        this.topic = name + "-" + System.nanoTime();
        this.jdbcUrl = jdbcUrl;
        kafka.createTopics(partitions, topic, topic + ".dlq");
        work = Files.createTempDirectory("eventline-" + name);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--job-name", name);
        options.put("--bootstrap-servers", kafka.bootstrapServers());
        options.put("--topic", topic);
        options.put("--group-id", topic);
        options.put("--registry-url", registry.ccompatUrl());
        options.put("--jdbc-url", jdbcUrl);
        options.put("--gap-timeout", "PT2S");
        options.put("--source-idle-timeout", "PT1S");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        jobArgs = new ArrayList<>();
        options.forEach((option, value) -> jobArgs.addAll(List.of(option, value)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
        avro = OrderEnvelopes.serializer(RegistryConfig.of(registry.ccompatUrl()), topic);
    }

    /** The options the live job and a rebuild of it share. */
    List<String> jobArgs() {
        return jobArgs;
    }

    LiveOrdersJob start(String savepoint) throws Exception {
        List<String> args = new ArrayList<>(jobArgs);
        args.addAll(List.of("--starting-offsets", "earliest", "--create-tables", "--allow-existing-rows",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(), "--checkpoint-interval", "PT2S"));
        JobOptions options = JobCommandLine.parse(args.toArray(String[]::new));
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        OrderProjectionsJob.wire(env, options);
        job = env.executeAsync(options.jobName);
        return this;
    }

    /** Stops with a savepoint (sinks flush) and returns its path. */
    String stopWithSavepoint() throws Exception {
        String path = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        job = null;
        return path;
    }

    /**
     * Sends workload records: every event as Avro in the Confluent wire format (the JSON form's encoder is the demo's;
     * the invalid envelopes the workload marks as JSON fail validation as Avro the same way), raw records as they are.
     */
    void send(List<Outgoing> records) {
        send(records, out -> out.raw() != null ? out.raw() : avro.serializeValue(out.event()));
    }

    /**
     * Sends records encoded by {@code encoder}, keyed by aggregate (one aggregate, one partition), with record
     * timestamps 50 records to the millisecond from now: a batch spans milliseconds of log time however slowly this
     * machine sends it, so the log clock never expires a gap the workload only reordered.
     */
    void send(List<Outgoing> records, Function<Outgoing, byte[]> encoder) {
        long start = System.currentTimeMillis();
        for (int i = 0; i < records.size(); i++) {
            Outgoing out = records.get(i);
            producer.send(new ProducerRecord<>(topic, null, start + i / 50, out.key().getBytes(StandardCharsets.UTF_8),
                    encoder.apply(out)));
        }
        producer.flush();
    }

    /** Sends one pre-encoded value with an explicit record timestamp. */
    void send(int partition, long timestamp, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, timestamp, key.getBytes(StandardCharsets.UTF_8), value));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() throws Exception {
        producer.close();
        if (job != null) {
            job.cancel().get();
            // The MiniCluster stops once the (cancelled) result is known; the JVM must not exit before.
            job.getJobExecutionResult().handle((result, cancelled) -> result).get(60, TimeUnit.SECONDS);
        }
    }
}
