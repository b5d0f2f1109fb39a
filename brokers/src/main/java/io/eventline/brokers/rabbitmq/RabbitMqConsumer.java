package io.eventline.brokers.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue on amqp-client with automatic connection recovery: deliveries are pushed by the client into a local
 * queue (bounded by the prefetch), {@link #poll} drains it, {@link #acknowledge} sends one {@code basic.ack
 * multiple} for the highest delivery tag (every lower tag was delivered, hence emitted, before it). After a
 * recovery the client ignores acks of tags from the old channel (RecoveryAwareChannelN); the broker redelivers
 * those messages and the ordering operator drops the duplicates.
 *
 * <p>Dead-letter coordinates: source topic = the queue, offset = the delivery tag (per channel: a redelivered
 * message gets a new one), headers {@code rabbitmq-queue}, {@code rabbitmq-delivery-tag},
 * {@code rabbitmq-redelivered}, {@code rabbitmq-routing-key}, {@code rabbitmq-message-id}.
 */
final class RabbitMqConsumer implements BrokerConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqConsumer.class);
    private static final int MAX_BATCH = 10_000;

    private final String queue;
    private final Connection connection;
    private final Channel channel;
    private final LinkedBlockingQueue<BrokerMessage> delivered = new LinkedBlockingQueue<>();

    private RabbitMqConsumer(String queue, Connection connection, Channel channel) {
        this.queue = queue;
        this.connection = connection;
        this.channel = channel;
    }

    static RabbitMqConsumer open(RabbitMqConnector settings, String queue, String consumerName) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(settings.uri());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        factory.setRequestedHeartbeat(10);
        Connection connection = factory.newConnection(consumerName);
        try {
            Channel channel = connection.createChannel();
            if (settings.exchange() != null) {
                RabbitMqTopology.declare(channel, settings.exchange(), List.of(queue));
            }
            channel.basicQos(settings.prefetch());
            RabbitMqConsumer consumer = new RabbitMqConsumer(queue, connection, channel);
            channel.basicConsume(queue, false, consumerName, consumer.new Deliveries(channel));
            return consumer;
        } catch (Exception e) {
            connection.abort();
            throw e;
        }
    }

    /** Runs on the client's consumer thread. */
    private final class Deliveries extends DefaultConsumer {
        Deliveries(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            delivered.add(message(envelope, props, body));
        }
    }

    private BrokerMessage message(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        Headers headers = new Headers();
        Map<String, Object> amqpHeaders = props.getHeaders();
        if (amqpHeaders != null) {
            amqpHeaders.forEach(headers::put);
        }
        headers.put("rabbitmq-queue", queue)
                .put("rabbitmq-delivery-tag", envelope.getDeliveryTag())
                .put("rabbitmq-redelivered", envelope.isRedeliver())
                .put("rabbitmq-routing-key", envelope.getRoutingKey())
                .put("rabbitmq-message-id", props.getMessageId());
        return new BrokerMessage(queue, envelope.getDeliveryTag(), String.valueOf(envelope.getDeliveryTag()),
                timestamp(props), Headers.utf8(envelope.getRoutingKey()), body, headers.build(), this,
                envelope.getDeliveryTag());
    }

    /**
     * The log clock: the {@code timestamp_in_ms} header (what RabbitMQ's message-timestamp plugin and careful
     * producers set), else the AMQP timestamp property (seconds), else the arrival time.
     */
    static long timestamp(AMQP.BasicProperties props) {
        Object ms = props.getHeaders() == null ? null : props.getHeaders().get("timestamp_in_ms");
        if (ms instanceof Number n) {
            return n.longValue();
        }
        if (props.getTimestamp() != null) {
            return props.getTimestamp().getTime();
        }
        return System.currentTimeMillis();
    }

    @Override
    public List<BrokerMessage> poll(Duration maxWait) throws InterruptedException {
        BrokerMessage first = delivered.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<BrokerMessage> batch = new ArrayList<>();
        batch.add(first);
        delivered.drainTo(batch, MAX_BATCH);
        return batch;
    }

    @Override
    public synchronized void acknowledge(List<BrokerMessage> messages) {
        long highest = 0;
        for (BrokerMessage m : messages) {
            highest = Math.max(highest, (Long) m.ackToken());
        }
        if (highest == 0 || !channel.isOpen()) {
            return; // nothing to ack, or the channel is gone: the broker redelivers
        }
        try {
            channel.basicAck(highest, true);
        } catch (IOException | AlreadyClosedException e) {
            LOG.warn("could not acknowledge {} messages of queue {} (they will be redelivered): {}", messages.size(),
                    queue, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            connection.close(5_000);
        } catch (Exception e) {
            connection.abort();
        }
    }
}
