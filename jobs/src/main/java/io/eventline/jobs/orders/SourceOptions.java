package io.eventline.jobs.orders;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the job reads its events (issue 18): {@code --source kafka} (the default, configured by the Kafka
 * options) or one of the other brokers, and the envelope the records are in. Mixed into {@link JobOptions}.
 */
public final class SourceOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The source of the order events. */
    public enum Kind { KAFKA, RABBITMQ, REDIS, NATS, FILE }

    /** The shape of each record: the project's envelope (Avro or JSON), or EventBridge events mapped to it. */
    public enum Envelope { NATIVE, EVENTBRIDGE }

    @Option(names = "--source", defaultValue = "KAFKA",
            description = "kafka, rabbitmq, redis, nats, or file (JSON lines); everything downstream is the same. Default: ${DEFAULT-VALUE}.")
    public Kind kind;

    @Option(names = "--source-uri",
            description = "The broker: amqp://user:pass@host:5672/vhost, redis://host:6379, nats://host:4222 (not for kafka or file).")
    public String uri;

    @Option(names = "--source-names", split = ",",
            description = "RabbitMQ queues, Redis stream keys, NATS JetStream streams, or files, one reader each. Default: the --topic.")
    public List<String> names;

    @Option(names = "--source-consumer",
            description = "Redis consumer group / NATS durable consumer name. Default: the --group-id.")
    public String consumer;

    @Option(names = "--source-prefetch", defaultValue = "20000",
            description = "Unacknowledged messages per queue/consumer (RabbitMQ basic.qos, NATS max ack pending, Redis entries read and not yet XACKed; a Redis read takes at most 1000). Acks wait for checkpoints, so this bounds throughput to prefetch per checkpoint interval. Default: ${DEFAULT-VALUE}.")
    public int prefetch;

    @Option(names = "--rabbitmq-exchange",
            description = "Declare this consistent-hash exchange and bind the --source-names queues to it (durable, single active consumer); without it the queues must exist.")
    public String rabbitmqExchange;

    @Option(names = "--redis-claim-idle", defaultValue = "PT1M",
            description = "Entries pending this long for another consumer of the group are taken over (XAUTOCLAIM). Default: ${DEFAULT-VALUE}.")
    public Duration redisClaimIdle;

    @Option(names = "--nats-ack-wait", defaultValue = "PT2M",
            description = "JetStream redelivers a message not acked within this; keep it above the checkpoint interval. Default: ${DEFAULT-VALUE}.")
    public Duration natsAckWait;

    @Option(names = "--envelope", defaultValue = "NATIVE",
            description = "native: the project's envelope (Avro in the Confluent wire format, or JSON); eventbridge: Amazon EventBridge events, mapped (see README). Default: ${DEFAULT-VALUE}.")
    public Envelope envelope;

    /** The queues, streams or files; the Kafka topic's name when none are given. */
    public List<String> names(String topic) {
        return names == null || names.isEmpty() ? List.of(topic) : names;
    }
}
