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
 * multiple} for the highest delivery tag of the current connection session (every lower tag was delivered, hence
 * emitted, before it). Messages of a session before a connection recovery are not acknowledged at all (their tags
 * mean nothing on the new channel, and the client would turn an ack of exactly its tag offset into "ack all"):
 * the broker redelivers them and the ordering operator drops the duplicates.
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
    /** Connection recoveries so far: delivery tags of an older session are never acknowledged on the new one. */
    private final java.util.concurrent.atomic.AtomicInteger session = new java.util.concurrent.atomic.AtomicInteger();

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
            ((com.rabbitmq.client.Recoverable) connection).addRecoveryListener(new com.rabbitmq.client.RecoveryListener() {
                @Override
                public void handleRecovery(com.rabbitmq.client.Recoverable recovered) {
                    LOG.info("connection to queue {} recovered: unacknowledged messages will be redelivered", queue);
                }

                @Override
                public void handleRecoveryStarted(com.rabbitmq.client.Recoverable recovering) {
                    consumer.session.incrementAndGet();
                }
            });
            channel.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    LOG.warn("channel of queue {} closed: {}", queue, cause.getMessage());
                }
            });
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
                new long[] {session.get(), envelope.getDeliveryTag()});
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
        int current = session.get();
        for (BrokerMessage m : messages) {
            long[] token = (long[]) m.ackToken();
            if (token[0] == current) { // older sessions' messages are redelivered by the broker anyway
                highest = Math.max(highest, token[1]);
            }
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
