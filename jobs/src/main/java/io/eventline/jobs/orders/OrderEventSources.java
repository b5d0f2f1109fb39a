package io.eventline.jobs.orders;

import io.eventline.brokers.eventbridge.EventBridgeDeserializer;
import io.eventline.brokers.file.JsonLinesFileConnector;
import io.eventline.brokers.nats.JetStreamConnector;
import io.eventline.brokers.rabbitmq.RabbitMqConnector;
import io.eventline.brokers.redis.RedisStreamsConnector;
import io.eventline.brokers.source.BrokerConnector;
import io.eventline.brokers.source.BrokerSource;
import io.eventline.brokers.source.BrokerSplit;
import io.eventline.brokers.source.KafkaShapedDecoder;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.time.LogClockWatermarks;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.util.List;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The non-Kafka inputs of the order-projections job ({@code --source rabbitmq|redis|nats|file}): a
 * {@link BrokerSource} whose records go through the same deserializer as Kafka's, with the same log-clock
 * watermarks and uid, so everything downstream is unchanged.
 */
final class OrderEventSources {

    private OrderEventSources() {}

    /** The job's deserializer for the chosen envelope: the order envelope, or EventBridge events mapped to it. */
    static KafkaRecordDeserializationSchema<Either<EventEnvelope, DeadLetter>> deserializer(
            JobOptions options, RegistryConfig registry) {
        KafkaRecordDeserializationSchema<Either<EventEnvelope, DeadLetter>> envelopes =
                OrderEnvelopes.deserializer(registry, options.jobName);
        return options.source.envelope == SourceOptions.Envelope.EVENTBRIDGE
                ? new EventBridgeDeserializer<>(envelopes, options.jobName)
                : envelopes;
    }

    static DataStream<Either<EventEnvelope, DeadLetter>> broker(StreamExecutionEnvironment env, JobOptions options,
            RegistryConfig registry) {
        BrokerConnector connector = connector(options);
        List<String> splits = connector.splits().stream().map(BrokerSplit::name).toList();
        // records are attributed to --topic (dead letters to <topic>.dlq), partition = index of the queue/stream
        BrokerSource<Either<EventEnvelope, DeadLetter>> source = new BrokerSource<>(connector,
                new KafkaShapedDecoder<>(deserializer(options, registry), options.topic, splits), options.jobName);
        return env.fromSource(source, LogClockWatermarks.strategy(options.sourceIdleTimeout),
                        connector.broker() + ": " + String.join(",", splits))
                .uid(OrderProjectionsJob.SOURCE_UID);
    }

    static BrokerConnector connector(JobOptions options) {
        SourceOptions s = options.source;
        var names = s.names(options.topic);
        String consumer = s.consumer == null ? options.groupId : s.consumer;
        return switch (s.kind) {
            case RABBITMQ -> new RabbitMqConnector(uri(s, "amqp://guest:guest@localhost:5672"), names,
                    s.rabbitmqExchange, s.prefetch);
            case REDIS -> new RedisStreamsConnector(uri(s, "redis://localhost:6379"), names, consumer,
                    Math.min(s.prefetch, 1000), s.prefetch, s.redisClaimIdle);
            case NATS -> new JetStreamConnector(uri(s, "nats://localhost:4222"), names, consumer, 1000, s.natsAckWait,
                    s.prefetch);
            case FILE -> new JsonLinesFileConnector(names);
            case KAFKA -> throw new IllegalArgumentException("the Kafka source is not a broker source");
        };
    }

    private static String uri(SourceOptions s, String fallback) {
        return s.uri == null ? fallback : s.uri;
    }
}
