package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetterEncoder;
import io.eventline.common.deadletter.DeadLetterEncoding;
import io.eventline.common.deadletter.DeadLetterRecordSerializer;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.DeadLetterKafkaSink;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine;

/**
 * The event-notification job: thin notifications in, each enriched by {@code GET /orders/{id}} on the order API
 * (Flink async I/O with retries, a circuit breaker and a bulkhead: {@link EnrichmentFunction}), enriched
 * notifications out; records that are not notifications and lookups that fail for good go to {@code <topic>.dlq}.
 *
 * <p><b>Ordered wait</b>, after {@code keyBy(orderId)}: a consumer applies an order's notifications in sequence,
 * and with unordered wait an OrderShipped whose lookup succeeded at once would overtake the OrderPlaced still in
 * backoff. The price is head-of-line blocking within a subtask while one lookup retries; the capacity bounds it
 * and backpressure, not loss, is what an outage causes.
 */
public final class NotificationJob {

    public static final String SPLIT_UID = "split-malformed";
    public static final String ENRICH_UID = "enrich-order-details";
    public static final String ROUTE_UID = "route-enrichment-failures";

    private NotificationJob() {}

    /** The job's logic over given input and sinks (tests pass their own). */
    public static void defineWorkflow(DataStream<DecodedNotification> input, Sink<EnrichedNotification> output,
            Sink<DeadLetter> deadLetters, EnrichmentSettings settings, String sourceTopic, String jobName) {
        SingleOutputStreamOperator<OrderNotification> notifications =
                input.process(new SplitMalformed(jobName)).uid(SPLIT_UID).name("decode notifications");
        SingleOutputStreamOperator<Enrichment> looked = AsyncDataStream.orderedWaitWithRetry(
                        notifications.keyBy(n -> n.orderId), new EnrichmentFunction(settings),
                        settings.operatorTimeout().toMillis(), TimeUnit.MILLISECONDS, settings.capacity(),
                        retryStrategy(settings))
                .uid(ENRICH_UID).name("enrich: GET /orders/{id}");
        SingleOutputStreamOperator<EnrichedNotification> enriched =
                looked.process(new RouteFailures(sourceTopic, settings.maxAttempts(), jobName))
                        .uid(ROUTE_UID).name("route failures");
        enriched.sinkTo(output).uid("enriched-sink").name("enriched notifications");
        notifications.getSideOutput(DeadLetters.TAG).union(enriched.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters).uid("dlq-sink").name("dead letters");
    }

    /** Retries transient failures (5xx, timeouts, refused connections, open breaker, full bulkhead), never 4xx. */
    static JitteredBackoffRetryStrategy<Enrichment> retryStrategy(EnrichmentSettings s) {
        return new JitteredBackoffRetryStrategy<>(s.maxAttempts(), s.initialBackoff().toMillis(),
                s.maxBackoff().toMillis(), s.backoffMultiplier(),
                new TransientFailure());
    }

    /** The retry predicate: a named class, as Flink serializes the strategy with the job (a lambda is not). */
    static final class TransientFailure implements Predicate<Collection<Enrichment>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean test(Collection<Enrichment> results) {
            return results.stream().anyMatch(r -> !r.succeeded() && r.transientFailure);
        }
    }

    /** Production wiring: Kafka in, Kafka out. */
    public static void wire(StreamExecutionEnvironment env, NotificationJobOptions o) {
        env.enableCheckpointing(o.checkpointInterval.toMillis());
        env.setParallelism(o.parallelism);
        KafkaSource<DecodedNotification> source = KafkaSource.<DecodedNotification>builder()
                .setBootstrapServers(o.bootstrapServers)
                .setTopics(o.topic)
                .setGroupId(o.groupId)
                .setStartingOffsets(startingOffsets(o.startingOffsets))
                .setDeserializer(new NotificationDeserializer())
                .build();
        DataStream<DecodedNotification> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "notifications")
                .uid("notification-source");
        defineWorkflow(input, enrichedSink(o.bootstrapServers, o.outputTopic), deadLetterSink(o), o.enrichment(),
                o.topic, o.jobName);
    }

    static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /**
     * At-least-once: after a restart a notification may be published twice, with the same eventId (consumers
     * deduplicate by it, as the projections job does); exactly-once would hold every one back until a checkpoint.
     */
    static KafkaSink<EnrichedNotification> enrichedSink(String bootstrapServers, String topic) {
        return KafkaSink.<EnrichedNotification>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new EnrichedRecordSerializer(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    static KafkaSink<DeadLetter> deadLetterSink(NotificationJobOptions o) {
        String dlq = DeadLetterRecordSerializer.dlqTopicFor(o.topic);
        DeadLetterEncoding encoding = o.registryUrl == null
                ? DeadLetterEncoding.singleObject()
                : DeadLetterEncoding.resolve(RegistryConfig.of(o.registryUrl), dlq);
        DeadLetterEncoder encoder = new DeadLetterEncoder(encoding, dlq, DeadLetterEncoder.DEFAULT_MAX_VALUE_BYTES,
                DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES);
        return DeadLetterKafkaSink.of(o.bootstrapServers, encoder);
    }

    public static void main(String[] args) throws Exception {
        NotificationJobOptions options = new NotificationJobOptions();
        CommandLine.ParseResult parsed = new CommandLine(options).parseArgs(args);
        if (CommandLine.printHelpIfRequested(parsed)) {
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wire(env, options);
        env.execute(options.jobName);
    }
}
