package io.eventline.saga.orchestrator;

import io.eventline.common.deadletter.DeadLetterEncoder;
import io.eventline.common.deadletter.DeadLetterEncoding;
import io.eventline.common.deadletter.DeadLetterRecordSerializer;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.KafkaDeadLetterOutput;
import io.eventline.common.saga.SagaCommand;
import io.eventline.common.saga.SagaDefinition;
import io.eventline.common.saga.SagaInput;
import io.eventline.common.saga.SagaInstance;
import io.eventline.common.saga.SagaProcessFunction;
import io.eventline.common.serde.EventOrDeadLetterSplitter;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.contracts.JdbcCredentials;
import io.eventline.contracts.SagaTopics;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.runtime.RuntimeConfiguration;
import io.eventline.saga.FulfilmentSaga;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import picocli.CommandLine;

/**
 * The order-fulfilment saga orchestrator: OrderPlaced from the orders topic starts a saga per order; the
 * participants' replies come from {@code saga-replies}; commands go out through the exactly-once KafkaSink (a
 * participant sees a command only once the checkpoint that produced it completed, so a failover never leaks a
 * command of a rolled-back state); every transition is upserted into {@code saga_instance}; a compensated saga
 * publishes OrderCancelled. {@link #defineWorkflow} takes the inputs and sinks as values.
 */
public final class FulfilmentOrchestratorJob {

    public static final String ORDERS_SOURCE_UID = "saga-orders-source";
    public static final String ORDERS_DECODE_UID = "saga-orders-decode";
    public static final String STARTS_UID = "saga-starts";
    public static final String REPLIES_SOURCE_UID = "saga-replies-source";
    public static final String REPLIES_DECODE_UID = "saga-replies-decode";
    public static final String ORCHESTRATOR_UID = "saga-orchestrator";
    public static final String COMMANDS_SINK_UID = "saga-commands-sink";
    public static final String INSTANCE_SINK_UID = "saga-instance-sink";
    public static final String CANCELLATIONS_UID = "saga-order-cancellations";
    public static final String CANCELLATIONS_SINK_UID = "saga-order-cancellations-sink";
    public static final String REPLY_DLQ_SINK_UID = "saga-replies-dlq-sink";

    /** Where the orchestrator's outputs go; {@code orderEvents} and {@code replyDeadLetters} may be null. */
    public record Sinks(Sink<SagaCommand> commands, Sink<SagaInstance> instances, Sink<EventEnvelope> orderEvents,
            Sink<DeadLetter> replyDeadLetters) {}

    private FulfilmentOrchestratorJob() {
    }

    /**
     * The saga after the sources: starts and replies keyed by saga id into the saga operator; its commands,
     * instance rows and (for compensated sagas) OrderCancelled events to the sinks.
     */
    public static void defineWorkflow(DataStream<SagaInput> starts, DataStream<Either<SagaInput, DeadLetter>> replies,
            Sinks sinks, SagaDefinition definition) {
        SingleOutputStreamOperator<SagaInput> decodedReplies = EventOrDeadLetterSplitter.split(replies, REPLIES_DECODE_UID);
        SingleOutputStreamOperator<SagaCommand> commands = starts.union(decodedReplies)
                .keyBy(in -> in.sagaId, Types.STRING)
                .process(new SagaProcessFunction(definition), TypeInformation.of(SagaCommand.class))
                .uid(ORCHESTRATOR_UID)
                .name("saga: " + definition.type());
        commands.sinkTo(sinks.commands()).uid(COMMANDS_SINK_UID).name("commands → participants");
        commands.getSideOutput(SagaProcessFunction.INSTANCES)
                .sinkTo(sinks.instances()).uid(INSTANCE_SINK_UID).name("saga_instance");
        if (sinks.orderEvents() != null) {
            commands.getSideOutput(SagaProcessFunction.OUTCOMES)
                    .flatMap(new OrderCancellations(), OrderEnvelopes.type())
                    .uid(CANCELLATIONS_UID).name("compensated → OrderCancelled")
                    .sinkTo(sinks.orderEvents()).uid(CANCELLATIONS_SINK_UID).name("OrderCancelled → orders");
        }
        if (sinks.replyDeadLetters() != null) {
            decodedReplies.getSideOutput(DeadLetters.TAG)
                    .sinkTo(sinks.replyDeadLetters()).uid(REPLY_DLQ_SINK_UID).name("bad replies → dlq");
        }
    }

    public static void main(String[] args) throws Exception {
        OrchestratorOptions options = new OrchestratorOptions();
        CommandLine cli = new CommandLine(options);
        cli.parseArgs(args);
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        StreamExecutionEnvironment env = RuntimeConfiguration.environment(options.checkpointDir, options.checkpointInterval);
        wire(env, options);
        env.execute(options.jobName);
    }

    /** The Kafka sources, the exactly-once command and event sinks and the JDBC sink, from the options. */
    public static void wire(StreamExecutionEnvironment env, OrchestratorOptions o) {
        env.setParallelism(o.parallelism);
        RegistryConfig registry = RegistryConfig.of(o.registryUrl);
        KafkaSource<Either<EventEnvelope, DeadLetter>> orders = KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
                .setBootstrapServers(o.bootstrapServers).setTopics(o.ordersTopic).setGroupId(o.groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(OrderEnvelopes.deserializer(registry, o.jobName))
                .setProperty("isolation.level", "read_committed")
                .build();
        // The order-projections job owns the orders topic's dead letters; here a record that does not decode
        // is simply not an OrderPlaced.
        DataStream<SagaInput> starts = EventOrDeadLetterSplitter.split(
                        env.fromSource(orders, WatermarkStrategy.noWatermarks(), "kafka: " + o.ordersTopic).uid(ORDERS_SOURCE_UID),
                        ORDERS_DECODE_UID)
                .flatMap(new OrderPlacedStarts(), TypeInformation.of(SagaInput.class)).uid(STARTS_UID).name("OrderPlaced → start");
        KafkaSource<Either<SagaInput, DeadLetter>> replySource = KafkaSource.<Either<SagaInput, DeadLetter>>builder()
                .setBootstrapServers(o.bootstrapServers).setTopics(SagaTopics.REPLIES).setGroupId(o.groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ReplyDeserializer(o.jobName))
                .build();
        DataStream<Either<SagaInput, DeadLetter>> replies =
                env.fromSource(replySource, WatermarkStrategy.noWatermarks(), "kafka: " + SagaTopics.REPLIES).uid(REPLIES_SOURCE_UID);

        JdbcSinkSettings jdbc = JdbcSinkSettings.builder(o.jdbcUrl).credentials(JdbcCredentials.fromEnvironment())
                .batchIntervalMs(200).createMissingTables(o.createTables).build();
        String dlqTopic = DeadLetterRecordSerializer.dlqTopicFor(SagaTopics.REPLIES);
        DeadLetterEncoder encoder = new DeadLetterEncoder(DeadLetterEncoding.resolve(registry, dlqTopic), dlqTopic,
                DeadLetterEncoder.DEFAULT_MAX_VALUE_BYTES, DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES);
        Sinks sinks = new Sinks(
                FulfilmentOrchestratorJob.<SagaCommand>exactlyOnce(o, o.jobName + "-commands").setRecordSerializer(new CommandRecordSerializer()).build(),
                new MergingUpsertSink<>(SagaInstanceTable.TABLE, jdbc, SagaInstanceTable.ddl(jdbc.dialect())),
                FulfilmentOrchestratorJob.<EventEnvelope>exactlyOnce(o, o.jobName + "-order-events")
                        .setRecordSerializer(OrderEnvelopes.serializer(registry, o.ordersTopic)).build(),
                KafkaSink.<DeadLetter>builder().setBootstrapServers(o.bootstrapServers)
                        .setKafkaProducerConfig(KafkaDeadLetterOutput.producerProperties(o.bootstrapServers, encoder))
                        .setRecordSerializer(new DeadLetterRecordSerializer(encoder))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
        defineWorkflow(starts, replies, sinks, FulfilmentSaga.definition(o.timing()));
    }

    private static <T> org.apache.flink.connector.kafka.sink.KafkaSinkBuilder<T> exactlyOnce(OrchestratorOptions o, String prefix) {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", String.valueOf(o.transactionTimeout.toMillis()));
        return KafkaSink.<T>builder().setBootstrapServers(o.bootstrapServers).setKafkaProducerConfig(p)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(prefix);
    }
}
