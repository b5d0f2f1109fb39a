package io.eventline.jobs.orders;

import io.eventline.common.deadletter.DeadLetterCode;
import io.eventline.common.deadletter.DeadLetterMetrics;
import io.eventline.common.deadletter.DeadLetterRecordSerializer;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.ordering.Ordering;
import io.eventline.common.ordering.OrderingCommand;
import io.eventline.common.ordering.OrderingConfig;
import io.eventline.contracts.OrderingReasons;
import io.eventline.common.ordering.PoisonPolicy;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EventOrDeadLetterSplitter;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.contracts.JdbcCredentials;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.common.time.LogClock;
import io.eventline.common.technical.HeartbeatSettings;
import io.eventline.common.technical.PartitionHeartbeats;
import io.eventline.common.sink.DeadLetterOutput;
import io.eventline.common.deadletter.DeadLetterEncoder;
import io.eventline.common.deadletter.DeadLetterKafkaSink;
import io.eventline.common.deadletter.DeadLetterEncoding;
import io.eventline.common.deadletter.DlqTopicLimit;
import io.eventline.common.deadletter.KafkaDeadLetterOutput;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.audit.AppliedEventAudit;
import io.eventline.jobs.orders.audit.AuditSinks;
import io.eventline.jobs.orders.audit.JobVersion;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderReadModels;
import io.eventline.jobs.orders.projection.OrderSummaryFunction;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ProjectionStatusRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.jobs.orders.technical.PartitionHeartbeatsWorkflow;
import io.eventline.jobs.runtime.RuntimeConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The order-projections job: Kafka → never-throwing deserializer → keyBy(aggregateId) → dedupe/reorder →
 * projections → JDBC upserts, with every dead letter to {@code <topic>.dlq}. {@link #main} only wires
 * configuration to {@link #defineWorkflow}, which takes its input and its {@link Sinks} as values: {@link #wire}
 * passes the Kafka source and the JDBC and Kafka sinks, tests pass bounded sources and collecting sinks.
 */
public final class OrderProjectionsJob {

    public static final String SOURCE_UID = "order-events-source";
    public static final String SPLIT_UID = "order-events-decode";
    public static final String ORDERING_UID = "order-events-ordering";
    public static final String POISON_HOLDS_UID = "order-events-poison-holds";
    public static final String DEAD_LETTER_SINK_UID = "dead-letter-sink";
    public static final String DEAD_LETTER_METRICS_UID = "dead-letter-metrics";
    public static final String AUDIT_UID = "applied-events-audit";
    public static final String AUDIT_TOPIC_SINK_UID = "audit-topic-sink";
    public static final String AUDIT_TABLE_SINK_UID = "event_audit-sink";

    /** Dead-letter counters registered at zero: every stage's reason codes. */
    static final List<DeadLetterCode> KNOWN_DEAD_LETTERS = knownDeadLetters();

    private OrderProjectionsJob() {}

    /**
     * Where the workflow writes: one sink per read model, the dead letters of every stage, and optionally the audit
     * stream of applied events ({@code auditTopic}, {@code auditTable}: {@code null} leaves that sink, and with both
     * null the whole audit branch, out of the job graph).
     */
    public record Sinks(Sink<OrderSummaryRow> orderSummary, Sink<CustomerOrdersRow> customerOrders,
            Sink<ProjectionStatusRow> projectionStatus, Sink<DeadLetter> deadLetters,
            Sink<EventEnvelope> auditTopic, Sink<EventEnvelope> auditTable) {

        /** Without an audit stream: the job graph as before issue 17.5. */
        public Sinks(Sink<OrderSummaryRow> orderSummary, Sink<CustomerOrdersRow> customerOrders,
                Sink<ProjectionStatusRow> projectionStatus, Sink<DeadLetter> deadLetters) {
            this(orderSummary, customerOrders, projectionStatus, deadLetters, null, null);
        }

        /** These sinks with the audit stream's ({@code null} for none). */
        public Sinks withAudit(Sink<EventEnvelope> topic, Sink<EventEnvelope> table) {
            return new Sinks(orderSummary, customerOrders, projectionStatus, deadLetters, topic, table);
        }

        /**
         * The production read-model sinks: merging, version-guarded JDBC upserts into one database; order_summary's
         * version conflicts (same version, another last_event_id) go to {@code sinkDeadLetters} (may be
         * {@code null}: counted and logged only).
         */
        public static Sinks jdbc(JdbcSinkSettings readModels, Sink<DeadLetter> deadLetters,
                DeadLetterOutput sinkDeadLetters, String jobName) {
            List<String> ddl = ReadModelTables.ddl(readModels.dialect());
            return new Sinks(
                    new MergingUpsertSink<>(ReadModelTables.ORDER_SUMMARY, readModels, ddl, sinkDeadLetters, jobName),
                    new MergingUpsertSink<>(ReadModelTables.CUSTOMER_ORDERS, readModels, ddl),
                    new MergingUpsertSink<>(ReadModelTables.PROJECTION_STATUS, readModels, ddl),
                    deadLetters);
        }
    }

    /**
     * What the processing produces, before any sink: the read-model row streams, every stage's dead letters, and
     * the events the ordering operator applied (in order, once; the audit stream's input).
     */
    public record Outputs(OrderReadModels.Streams models, DataStream<DeadLetter> deadLetters,
            DataStream<EventEnvelope> applied) {}

    /**
     * The whole pipeline after the source.
     *
     * @param input decoded records or the dead letters of those that could not be decoded
     * @param commands control commands for parked aggregates, or {@code null} when the job has no control topic
     */
    public static void defineWorkflow(DataStream<Either<EventEnvelope, DeadLetter>> input,
            DataStream<OrderingCommand> commands, Sinks sinks, OrderingConfig ordering) {
        Outputs outputs = process(input, commands, ordering);
        OrderReadModels.sinkTo(outputs.models(), sinks.orderSummary(), sinks.customerOrders(), sinks.projectionStatus());
        outputs.deadLetters()
                .sinkTo(sinks.deadLetters())
                .uid(DEAD_LETTER_SINK_UID)
                .name("dead letters → dlq");
        if (sinks.auditTopic() != null || sinks.auditTable() != null) {
            audit(outputs.applied(), sinks, ordering.jobName());
        }
    }

    /** The audit stream (issue 17.5): one technical EventApplied envelope per applied event, to a topic and/or table. */
    private static void audit(DataStream<EventEnvelope> applied, Sinks sinks, String jobName) {
        DataStream<EventEnvelope> audit = applied
                .process(new AppliedEventAudit(jobName, JobVersion.of(OrderProjectionsJob.class)), OrderEnvelopes.type())
                .uid(AUDIT_UID)
                .name("applied events → audit records");
        if (sinks.auditTopic() != null) {
            audit.sinkTo(sinks.auditTopic()).uid(AUDIT_TOPIC_SINK_UID).name("audit → topic");
        }
        if (sinks.auditTable() != null) {
            audit.sinkTo(sinks.auditTable()).uid(AUDIT_TABLE_SINK_UID).name("audit → event_audit");
        }
    }

    /**
     * Decode split, ordering and projections, with the dead letters of every stage counted by stage and reason;
     * {@link #defineWorkflow} adds the sinks. The benchmark attaches its own sinks here, so it measures exactly
     * the job's operators.
     */
    public static Outputs process(DataStream<Either<EventEnvelope, DeadLetter>> input,
            DataStream<OrderingCommand> commands, OrderingConfig ordering) {
        // Object reuse: chained operators hand records on without a defensive copy (an Avro deep copy of every
        // envelope from the decode split and from the ordering operator into the chained order projection). Safe
        // here: no operator changes its input, the projections emit fresh row copies, the ordering operator copies
        // what it buffers and the JDBC sink what it merges when reuse is on (both ask the runtime).
        input.getExecutionEnvironment().getConfig().enableObjectReuse();
        SingleOutputStreamOperator<EventEnvelope> events = EventOrDeadLetterSplitter.split(input, SPLIT_UID);

        KeyedStream<EventEnvelope, String> byAggregate = events.keyBy(EventEnvelope::getAggregateId, Types.STRING);
        AvroTypeInfo<EventEnvelope> eventType = OrderEnvelopes.type();
        DataStream<OrderingCommand> holdsAndCommands = poisonHolds(events, commands);
        SingleOutputStreamOperator<EventEnvelope> ordered = Ordering.apply(
                byAggregate, holdsAndCommands, OrderEnvelopes.CODEC, eventType, ordering, ORDERING_UID);

        // Under the poison policy HOLD the projection holds an order behind an event it rejected, too.
        OrderReadModels.Streams models = OrderReadModels.projectPartitioned(ordered, ordering.jobName(), Instant::now,
                ordering.poisonPolicy() == PoisonPolicy.HOLD);

        DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetters.TAG)
                .union(ordered.getSideOutput(DeadLetters.TAG), models.deadLetters)
                // Every stage's dead letters counted by stage and reason: the metric the DLQ alerts watch.
                .map(new DeadLetterMetrics(KNOWN_DEAD_LETTERS), new AvroTypeInfo<>(DeadLetter.class))
                .uid(DEAD_LETTER_METRICS_UID)
                .name("dead letters: count by reason");
        return new Outputs(models, deadLetters, ordered);
    }

    /**
     * The decode stage's sequenced dead letters as HOLD commands ({@link PoisonHolds}), with the control commands
     * when there are any: the ordering operator learns at once that a number went to the DLQ.
     */
    private static DataStream<OrderingCommand> poisonHolds(SingleOutputStreamOperator<EventEnvelope> decoded,
            DataStream<OrderingCommand> commands) {
        DataStream<OrderingCommand> holds = decoded.getSideOutput(DeadLetters.TAG)
                .flatMap(new PoisonHolds(), TypeInformation.of(OrderingCommand.class))
                .uid(POISON_HOLDS_UID)
                .name("sequenced dead letters → HOLD");
        return commands == null ? holds : holds.union(commands);
    }

    private static List<DeadLetterCode> knownDeadLetters() {
        List<DeadLetterCode> known = new ArrayList<>();
        for (String reason : List.of(EnvelopeRecordDeserializer.MALFORMED, EnvelopeRecordDeserializer.UNKNOWN_SCHEMA,
                EnvelopeRecordDeserializer.REGISTRY_UNAVAILABLE)) {
            known.add(DeadLetterCode.of(Stage.DESERIALIZE, reason));
        }
        known.add(DeadLetterCode.of(Stage.VALIDATE, EnvelopeRecordDeserializer.INVALID_ENVELOPE));
        for (String reason : OrderingReasons.ALL) {
            known.add(DeadLetterCode.of(Stage.ORDER, reason));
        }
        for (String reason : List.of(OrderSummaryProjection.UNKNOWN_AGGREGATE, OrderSummaryProjection.ILLEGAL_TRANSITION,
                OrderSummaryProjection.STALE_SEQUENCE, OrderSummaryProjection.MISSING_SEQUENCE,
                OrderSummaryProjection.AGGREGATE_MISMATCH, OrderSummaryFunction.PARKED)) {
            known.add(DeadLetterCode.of(Stage.PROJECT, reason));
        }
        return List.copyOf(known);
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobCommandLine.parse(args);
        if (options == null) {
            return; // --help or --version was printed
        }
        // On a cluster its configuration applies (see RuntimeConfiguration); locally the documented local defaults.
        StreamExecutionEnvironment env = RuntimeConfiguration.environment(options.checkpointDir, options.checkpointInterval);
        // issue 10: no start without restored state over read-model rows, unless told (see ReadModelStartGuard)
        ReadModelStartGuard.check(env.getConfiguration(), options, readModelSettings(options));
        wire(env, options);
        env.execute(options.jobName);
    }

    /** Wires the Kafka source, the JDBC and the Kafka DLQ sinks from the options into {@link #defineWorkflow}. */
    public static void wire(StreamExecutionEnvironment env, JobOptions options) {
        env.setParallelism(options.parallelism);
        RegistryConfig registry = RegistryConfig.of(options.registryUrl);

        // Decoding waits out a registry outage (a restart empties the schema caches) instead of dead-lettering
        // valid records; the DLQ encoding below is decided without waiting.
        RegistryConfig decoding = registry.toBuilder().outageWait(options.registryOutageWait).build();
        // issue 18: --source picks Kafka or another broker; everything after the source is the same
        DataStream<Either<EventEnvelope, DeadLetter>> input = options.source.kind == SourceOptions.Kind.KAFKA
                ? kafkaInput(env, options, decoding)
                : OrderEventSources.broker(env, options, decoding);

        DataStream<OrderingCommand> commands = null;
        if (options.controlTopic != null) {
            commands = ControlCommands.fromKafka(env, options);
        }

        // ---- sink and dead-letter path (issue 11): JDBC settings, DLQ encoding decided here, at start ----
        JdbcSinkSettings readModels = readModelSettings(options);
        DeadLetterEncoder deadLetterEncoder = deadLetterEncoder(options, registry);
        Sinks sinks = Sinks.jdbc(readModels, deadLetterSink(options, deadLetterEncoder),
                new KafkaDeadLetterOutput(options.bootstrapServers, deadLetterEncoder), options.jobName)
                .withAudit(options.auditTopic() == null ? null : AuditSinks.topic(options, registry),
                        options.auditTable ? AuditSinks.table(readModels) : null);
        // ---- end of the sink and dead-letter path ----

        defineWorkflow(input, commands, sinks, orderingConfig(options));

        // issue 17.5: per-partition heartbeats and stall events, a branch of its own (no operator without the flag)
        if (options.technicalTopic() != null) {
            PartitionHeartbeatsWorkflow.define(
                    PartitionHeartbeats.stream(env, heartbeatSettings(env, options), PartitionHeartbeatsWorkflow.HEARTBEATS_UID),
                    PartitionHeartbeatsWorkflow.topic(options.bootstrapServers, registry, options.technicalTopic()),
                    options.jobName);
        }
    }

    /**
     * What the heartbeats watch: the input topic and the job's consumer group, whose committed offsets the Kafka
     * source moves on each completed checkpoint; so the stall threshold must exceed the checkpoint interval.
     */
    static HeartbeatSettings heartbeatSettings(StreamExecutionEnvironment env, JobOptions options) {
        if (options.source.kind != SourceOptions.Kind.KAFKA) {
            throw new IllegalArgumentException("--heartbeats watches a Kafka input's partitions; --source is " + options.source.kind);
        }
        long checkpointInterval = env.getCheckpointConfig().getCheckpointInterval();
        if (checkpointInterval > 0 && options.stallAfter.toMillis() <= checkpointInterval) {
            throw new IllegalArgumentException("--stall-after (" + options.stallAfter + ") must exceed the checkpoint interval ("
                    + java.time.Duration.ofMillis(checkpointInterval) + "): committed offsets move only on checkpoints");
        }
        return HeartbeatSettings.of(options.bootstrapServers, options.topic, options.groupId, options.heartbeatInterval,
                options.stallAfter);
    }

    /** The Kafka source: offsets committed on checkpoints, record timestamps as the log clock. */
    private static DataStream<Either<EventEnvelope, DeadLetter>> kafkaInput(StreamExecutionEnvironment env,
            JobOptions options, RegistryConfig registry) {
        KafkaSource<Either<EventEnvelope, DeadLetter>> source = KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setTopics(options.topic)
                .setGroupId(options.groupId)
                .setStartingOffsets(startingOffsets(options.startingOffsets))
                .setDeserializer(OrderEventSources.deserializer(options, registry))
                // Offsets are committed on checkpoints so that a restart without state resumes near where it was.
                .setProperty("commit.offsets.on.checkpoint", "true")
                // `eventline dlq replay` publishes in transactions: never read a replay that was aborted.
                .setProperty("isolation.level", "read_committed")
                .build();
        // Event time = Kafka record timestamps, per partition; a silent partition falls back to the wall clock only
        // while its reader has no consumer lag (LogClockWatermarks).
        // issue 17.5: and a subtask whose reader has lag but emits nothing for --stall-after raises sourceStalled
        LogClock<Either<EventEnvelope, DeadLetter>, ?, ?> clock =
                LogClock.of(source, options.sourceIdleTimeout, options.stallAfter);
        return env
                .fromSource(clock.source(), clock.watermarks(), "kafka: " + options.topic)
                .uid(SOURCE_UID);
    }

    /**
     * The read-model sinks' settings. The credentials are a reference (environment variable names or a file path),
     * resolved by each writer on its TaskManager: the job graph never holds the password.
     */
    public static JdbcSinkSettings readModelSettings(JobOptions options) {
        return JdbcSinkSettings.builder(options.jdbcUrl)
                .credentials(options.jdbcCredentialsFile == null
                        ? JdbcCredentials.fromEnvironment()
                        : JdbcCredentials.fromFile(java.nio.file.Path.of(options.jdbcCredentialsFile)))
                .batchSize(options.sinkBatchSize)
                .batchIntervalMs(options.sinkFlushInterval.toMillis())
                .catchUpLag(options.sinkCatchUpLag)
                .catchUpMaxHold(options.sinkCatchUpMaxHold)
                .maxBufferedRows(options.sinkMergeMaxRows)
                .retryTimeout(options.sinkRetryTimeout)
                .createMissingTables(options.createTables)
                .build();
    }

    /**
     * How dead letters are encoded, decided once here so that the DLQ path never calls the registry at run time:
     * the schema id of {@code <topic>.dlq-value}, or single-object encoding when the registry is unreachable now;
     * records kept under the DLQ topic's size limit.
     */
    static DeadLetterEncoder deadLetterEncoder(JobOptions options, RegistryConfig registry) {
        String dlqTopic = DeadLetterRecordSerializer.dlqTopicFor(options.topic);
        int maxRecordBytes = DlqTopicLimit.maxRecordBytes(options.bootstrapServers, dlqTopic, options.dlqMaxRecordBytes);
        return new DeadLetterEncoder(DeadLetterEncoding.resolve(registry, dlqTopic), dlqTopic,
                options.dlqMaxValueBytes, maxRecordBytes);
    }

    /** At-least-once into the DLQ ({@link DeadLetterKafkaSink}). */
    static KafkaSink<DeadLetter> deadLetterSink(JobOptions options, DeadLetterEncoder encoder) {
        return DeadLetterKafkaSink.of(options.bootstrapServers, encoder);
    }

    public static OrderingConfig orderingConfig(JobOptions options) {
        return OrderingConfig.defaults()
                .withJobName(options.jobName)
                .withGapTimeout(options.gapTimeout)
                .withGapPolicy(options.gapPolicy)
                .withMaxBufferedPerAggregate(options.maxBuffered)
                .withDedupeTtl(options.dedupeTtl)
                .withPoisonPolicy(options.poisonPolicy)
                .withClock(options.orderingClock);
    }

    static OffsetsInitializer startingOffsets(String spec) {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> {
                try {
                    yield OffsetsInitializer.timestamp(Long.parseLong(spec));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "--starting-offsets must be committed, earliest, latest or epoch millis: " + spec);
                }
            }
        };
    }

    /**
     * The configuration of a local run (MiniCluster, demo, bench, tests): RuntimeConfiguration's local defaults
     * (RocksDB, incremental exactly-once checkpoints, exponential-delay restarts) and the explicit options.
     */
    public static Configuration flinkConfiguration(JobOptions options) {
        return RuntimeConfiguration.local(options.checkpointDir, options.checkpointInterval);
    }
}
