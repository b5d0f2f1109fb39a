package io.eventline.outbox.relay;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.contracts.JdbcCredentials;
import io.eventline.events.EventEnvelope;
import io.eventline.outbox.OutboxDatabase;
import java.io.File;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The outbox relay: {@link OutboxSource} → exactly-once {@link KafkaSink}, both with parallelism 1 and chained,
 * so the commit-safe read order is the order in each partition. {@link #main} wires the options into
 * {@link #defineWorkflow}, which tests call with their own source and sink.
 */
public final class OutboxRelayJob {

    public static final String SOURCE_UID = "outbox-source";
    public static final String SINK_UID = "outbox-kafka-sink";

    private OutboxRelayJob() {}

    public static void defineWorkflow(StreamExecutionEnvironment env, Source<EventEnvelope, ?, ?> source,
            Sink<EventEnvelope> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "outbox")
                .uid(SOURCE_UID)
                .setParallelism(1)
                .sinkTo(sink)
                .uid(SINK_UID)
                .name("kafka (exactly once)")
                .setParallelism(1);
    }

    /**
     * Exactly once: each checkpoint's events go out in one Kafka transaction, committed when the checkpoint
     * completes; a restart aborts what was written after the restored checkpoint and re-reads it from the outbox.
     * Keyed by aggregateId, Confluent Avro under {@code <topic>-value} (common/serde's
     * {@link EnvelopeRecordSerializer}, the one call site of the registry serde).
     */
    public static KafkaSink<EventEnvelope> kafkaSink(String bootstrapServers, String topic, String registryUrl,
            String transactionalIdPrefix, long transactionTimeoutMs) {
        return KafkaSink.<EventEnvelope>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(OrderEnvelopes.serializer(RegistryConfig.of(registryUrl), topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", String.valueOf(transactionTimeoutMs))
                .build();
    }

    public static OutboxSourceSettings sourceSettings(RelayOptions o) {
        JdbcCredentials credentials = JdbcCredentials.resolve(
                o.jdbcCredentialsFile == null ? null : Path.of(o.jdbcCredentialsFile));
        return OutboxSourceSettings.defaults(new OutboxDatabase(o.jdbcUrl, credentials))
                .withBatchSize(o.batchSize)
                .withPollInterval(o.pollInterval)
                .withPublished(o.onPublished, o.retainPublished);
    }

    public static void wire(StreamExecutionEnvironment env, RelayOptions o) throws Exception {
        OutboxSourceSettings settings = sourceSettings(o);
        if (o.createTables) {
            settings.database().createTables();
        }
        defineWorkflow(env, new OutboxSource(settings), kafkaSink(o.bootstrapServers, o.topic, o.registryUrl,
                o.transactionalIdPrefix, o.transactionTimeout.toMillis()));
    }

    /** RocksDB with incremental checkpoints, exactly-once checkpoints, exponential-delay restarts. */
    public static Configuration flinkConfiguration(RelayOptions o) {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("state.backend.incremental", "true");
        conf.setString("execution.checkpointing.dir", o.checkpointDir);
        conf.setString("execution.checkpointing.interval", o.checkpointInterval.toMillis() + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
        conf.setString("restart-strategy.exponential-delay.max-backoff", "1 min");
        return conf;
    }

    /** @return the options, or null when --help or --version was printed */
    public static RelayOptions parse(String... args) {
        RelayOptions options = new RelayOptions();
        CommandLine cmd = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(new File(args[i + 1])));
            }
        }
        return CommandLine.printHelpIfRequested(cmd.parseArgs(args)) ? null : options;
    }

    public static void main(String[] args) throws Exception {
        RelayOptions options = parse(args);
        if (options == null) {
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(options));
        wire(env, options);
        env.execute(options.jobName);
    }
}
