package io.eventline.brokers.rabbitmq;

import io.eventline.brokers.source.BrokerConnector;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerSplit;
import java.util.List;
import java.util.Objects;

/**
 * Consumes RabbitMQ queues (one split each) with manual acknowledgements sent when a checkpoint completes.
 *
 * @param uri {@code amqp://user:pass@host:port/vhost}
 * @param queues the queues; declared durable and single-active-consumer when {@code exchange} is given, and bound
 *     to that consistent-hash exchange ({@link RabbitMqTopology})
 * @param exchange the consistent-hash exchange to declare and bind, or {@code null} to consume existing queues
 * @param prefetch unacknowledged messages per queue (basic.qos): acknowledgements wait for a checkpoint, so this
 *     bounds throughput to {@code prefetch} per checkpoint interval
 */
public record RabbitMqConnector(String uri, List<String> queues, String exchange, int prefetch)
        implements BrokerConnector {

    private static final long serialVersionUID = 1L;

    public RabbitMqConnector {
        Objects.requireNonNull(uri, "uri");
        queues = List.copyOf(queues);
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1: " + prefetch);
        }
    }

    @Override
    public String broker() {
        return "rabbitmq";
    }

    @Override
    public List<String> splitNames() {
        return queues;
    }

    @Override
    public BrokerConsumer open(BrokerSplit split, String consumerName) throws Exception {
        return RabbitMqConsumer.open(this, split.name(), consumerName);
    }
}
