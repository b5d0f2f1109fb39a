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
    public static final String RETRY_SOURCE_UID = "retry-topics-source";
    public static final String RETRY_SPLIT_UID = "split-malformed-retried";
    public static final String RETRY_GATE_UID = "retry-gate";
    public static final String RETRY_SINK_UID = "retry-topics-sink";

    private NotificationJob() {}

    /** The job's logic over given input and sinks, without retry topics (tests pass their own). */
    public static void defineWorkflow(DataStream<DecodedNotification> input, Sink<EnrichedNotification> output,
            Sink<DeadLetter> deadLetters, EnrichmentSettings settings, String sourceTopic, String jobName) {
        defineWorkflow(input, null, output, deadLetters, null, RetryTopics.none(sourceTopic), settings, jobName);
    }

    /**
     * The job's logic with retry topics: {@code retried} is what the retry sources read (null: none), {@code retrySink}
     * writes to the retry topics (null when {@code retryTopics} has no tiers).
     */
    public static void defineWorkflow(DataStream<DecodedNotification> input, DataStream<DecodedNotification> retried,
            Sink<EnrichedNotification> output, Sink<DeadLetter> deadLetters, Sink<OrderNotification> retrySink,
            RetryTopics retryTopics, EnrichmentSettings settings, String jobName) {
        SingleOutputStreamOperator<OrderNotification> notifications =
                input.process(new SplitMalformed(jobName)).uid(SPLIT_UID).name("decode notifications");
        DataStream<OrderNotification> toLookUp = notifications;
        DataStream<DeadLetter> decodeFailures = notifications.getSideOutput(DeadLetters.TAG);
        if (retried != null) {
            SingleOutputStreamOperator<OrderNotification> retriedNotifications =
                    retried.process(new SplitMalformed(jobName)).uid(RETRY_SPLIT_UID).name("decode retried notifications");
            DataStream<OrderNotification> due = retriedNotifications.keyBy(n -> n.orderId)
                    .process(new RetryGate()).uid(RETRY_GATE_UID).name("retry gate: wait until due");
            toLookUp = notifications.union(due);
            decodeFailures = decodeFailures.union(retriedNotifications.getSideOutput(DeadLetters.TAG));
        }
        SingleOutputStreamOperator<Enrichment> looked = AsyncDataStream.orderedWaitWithRetry(
                        toLookUp.keyBy(n -> n.orderId), new EnrichmentFunction(settings),
                        settings.operatorTimeout().toMillis(), TimeUnit.MILLISECONDS, settings.capacity(),
                        retryStrategy(settings))
                .uid(ENRICH_UID).name("enrich: GET /orders/{id}");
        // Keyed again (the async operator's output is not a keyed stream): one channel per order, so in order.
        SingleOutputStreamOperator<EnrichedNotification> enriched = looked.keyBy(r -> r.notification.orderId)
                .process(new RetryRouter(retryTopics, settings.maxAttempts(), settings.capacity(), jobName))
                .uid(ROUTE_UID).name("route: out, retry topic or dlq");
        enriched.sinkTo(output).uid("enriched-sink").name("enriched notifications");
        if (retryTopics.tiers() > 0) {
            enriched.getSideOutput(RetryRouter.RETRY).sinkTo(retrySink).uid(RETRY_SINK_UID).name("retry topics");
        }
        decodeFailures.union(enriched.getSideOutput(DeadLetters.TAG))
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
                // `eventline dlq replay` publishes in transactions: never read a replay that was aborted.
                .setProperty("isolation.level", "read_committed")
                .build();
        DataStream<DecodedNotification> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "notifications")
                .uid("notification-source");
        RetryTopics retryTopics = new RetryTopics(o.topic, o.retryDelays());
        DataStream<DecodedNotification> retried = null;
        KafkaSink<OrderNotification> retrySink = null;
        if (retryTopics.tiers() > 0) {
            RetryTopicsAdmin.ensure(o.bootstrapServers, o.topic, retryTopics);
            retried = env.fromSource(retrySource(o, retryTopics), WatermarkStrategy.noWatermarks(), "retry topics")
                    .uid(RETRY_SOURCE_UID);
            retrySink = retrySink(o, retryTopics);
        }
        defineWorkflow(input, retried, enrichedSink(o.bootstrapServers, o.outputTopic), deadLetterSink(o), retrySink,
                retryTopics, o.enrichment(), o.jobName);
    }

    /** Every retry topic, read committed: only what a completed checkpoint of the retry sink wrote. */
    static KafkaSource<DecodedNotification> retrySource(NotificationJobOptions o, RetryTopics topics) {
        return KafkaSource.<DecodedNotification>builder()
                .setBootstrapServers(o.bootstrapServers)
                .setTopics(topics.topics())
                .setGroupId(o.groupId + ".retry")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new NotificationDeserializer(topics))
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /**
     * Exactly once into the retry topics: a notification handed over is in a retry topic once, committed with the
     * checkpoint that also holds the router's state (its hold) and the sources' offsets.
     */
    static KafkaSink<OrderNotification> retrySink(NotificationJobOptions o, RetryTopics topics) {
        return KafkaSink.<OrderNotification>builder()
                .setBootstrapServers(o.bootstrapServers)
                .setRecordSerializer(new RetryRecordSerializer(topics))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.jobName + "-retry")
                // above the checkpoint interval, under the broker's transaction.max.timeout.ms (15 min by default)
                .setProperty("transaction.timeout.ms", String.valueOf(Math.max(60_000L,
                        Math.min(900_000L, o.checkpointInterval.toMillis() * 10))))
                .build();
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
