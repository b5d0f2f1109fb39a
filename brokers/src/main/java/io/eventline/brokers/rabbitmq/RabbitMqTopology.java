package io.eventline.brokers.rabbitmq;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The per-aggregate ordering topology: producers publish to a durable consistent-hash exchange with the aggregate id
 * as routing key, so all events of one aggregate land, in publish order, in the same one of N durable queues; each
 * queue is single-active-consumer, so however many job instances subscribe, one consumes it at a time and a queue's
 * order is never interleaved. Needs the {@code rabbitmq_consistent_hash_exchange} plugin (shipped with the server).
 */
public final class RabbitMqTopology {

    public static final String CONSISTENT_HASH = "x-consistent-hash";

    private RabbitMqTopology() {}

    /** Declares (idempotently) the durable single-active-consumer queue. */
    public static void declareQueue(Channel channel, String queue) throws IOException {
        channel.queueDeclare(queue, true, false, false, Map.of("x-single-active-consumer", true));
    }

    /** Declares the exchange and the queues, each bound with weight 1 (an equal share of the hash ring). */
    public static void declare(Channel channel, String exchange, List<String> queues) throws IOException {
        channel.exchangeDeclare(exchange, CONSISTENT_HASH, true);
        for (String queue : queues) {
            declareQueue(channel, queue);
            channel.queueBind(queue, exchange, "1");
        }
    }

}
