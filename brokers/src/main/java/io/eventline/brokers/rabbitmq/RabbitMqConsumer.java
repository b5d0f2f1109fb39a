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
 * One queue on amqp-client. Deliveries are pushed by the client into a local queue (bounded by the prefetch),
 * {@link #poll} drains it, {@link #acknowledge} sends one {@code basic.ack multiple} for the highest delivery tag
 * of the current session (every lower tag of that channel was delivered, hence emitted, before it).
 *
 * <p>Recovery is the consumer's own, not the client's automatic recovery: a lost connection or channel (a broker
 * restart, a network cut) ends the session, and the next poll opens a new one (connection, topology, qos,
 * consumer), retrying every second. The broker requeues what the lost session had not acked, and the new session
 * receives it with new delivery tags; messages of an older session are never acked (their tags mean nothing on the
 * new channel), they come again and the ordering operator drops the duplicates. Hand-written instead of the client's
 * automatic recovery: that one does not retry a failed topology recovery by default (a consistent-hash exchange
 * declared before the broker has started its plugin leaves a dead channel), and it hides the new channel behind
 * delivery-tag offsets, where an ack of exactly the offset becomes "ack all".
 *
 * <p>Dead-letter coordinates: source topic = the queue, offset = the delivery tag (per channel: a redelivered
 * message gets a new one), headers {@code rabbitmq-queue}, {@code rabbitmq-delivery-tag},
 * {@code rabbitmq-redelivered}, {@code rabbitmq-routing-key}, {@code rabbitmq-message-id}.
 */
final class RabbitMqConsumer implements BrokerConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqConsumer.class);
    private static final int MAX_BATCH = 10_000;
    private static final long RECONNECT_EVERY_MS = 1_000;

    private final RabbitMqConnector settings;
    private final String queue;
    private final String consumerName;
    private final LinkedBlockingQueue<BrokerMessage> delivered = new LinkedBlockingQueue<>();
    /** The current connection and channel; replaced by the fetcher thread, read by acks on the task thread. */
    private volatile Session session;
    private int sessions;
    private long nextConnectAt;

    private RabbitMqConsumer(RabbitMqConnector settings, String queue, String consumerName) {
        this.settings = settings;
        this.queue = queue;
        this.consumerName = consumerName;
    }

    /** Opens the first session; a broker that is not reachable now is a failure the job's restarts handle. */
    static RabbitMqConsumer open(RabbitMqConnector settings, String queue, String consumerName) throws Exception {
        RabbitMqConsumer consumer = new RabbitMqConsumer(settings, queue, consumerName);
        consumer.session = consumer.connect();
        return consumer;
    }

    /** One connection with its channel and consumer; {@code id} tags the messages it delivered. */
    private record Session(int id, Connection connection, Channel channel) {
        boolean open() {
            return channel.isOpen();
        }

        void close() {
            try {
                connection.close(5_000);
            } catch (Exception e) {
                connection.abort();
            }
        }
    }

    private Session connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(settings.uri());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setRequestedHeartbeat(10);
        Connection connection = factory.newConnection(consumerName);
        try {
            Channel channel = connection.createChannel();
            if (settings.exchange() != null) {
                RabbitMqTopology.declare(channel, settings.exchange(), List.of(queue));
            }
            channel.basicQos(settings.prefetch());
            Session opened = new Session(++sessions, connection, channel);
            channel.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    LOG.warn("session {} of queue {} lost (a new one opens; unacked messages are redelivered): {}",
                            opened.id(), queue, cause.getMessage());
                }
            });
            channel.basicConsume(queue, false, consumerName, new Deliveries(opened));
            return opened;
        } catch (Exception e) {
            connection.abort();
            throw e;
        }
    }

    /** Replaces a lost session, at most once a second; false while the broker cannot be reached. */
    private boolean ensureSession() {
        Session current = session;
        if (current != null && current.open()) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (now < nextConnectAt) {
            return false;
        }
        nextConnectAt = now + RECONNECT_EVERY_MS;
        if (current != null) {
            current.close();
            delivered.clear(); // the broker requeues them: they come again on the new session, with valid tags
        }
        try {
            session = connect();
            LOG.info("queue {}: session {} consuming", queue, session.id());
            return true;
        } catch (Exception e) {
            session = null;
            LOG.warn("queue {}: cannot connect yet, retrying: {}", queue, e.toString());
            return false;
        }
    }

    /** Runs on the client's consumer thread. */
    private final class Deliveries extends DefaultConsumer {
        private final Session of;

        Deliveries(Session of) {
            super(of.channel());
            this.of = of;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            delivered.add(message(of, envelope, props, body));
        }
    }

    private BrokerMessage message(Session of, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
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
                new long[] {of.id(), envelope.getDeliveryTag()});
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
        if (!ensureSession() && delivered.isEmpty()) {
            Thread.sleep(maxWait.toMillis());
            return List.of();
        }
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
    public void acknowledge(List<BrokerMessage> messages) {
        Session current = session;
        if (current == null) {
            return; // no session: the broker redelivers
        }
        long highest = 0;
        for (BrokerMessage m : messages) {
            long[] token = (long[]) m.ackToken();
            if (token[0] == current.id()) { // older sessions' messages are redelivered by the broker anyway
                highest = Math.max(highest, token[1]);
            }
        }
        if (highest == 0 || !current.open()) {
            return;
        }
        try {
            current.channel().basicAck(highest, true);
        } catch (IOException | AlreadyClosedException e) {
            LOG.warn("could not acknowledge {} messages of queue {} (they will be redelivered): {}", messages.size(),
                    queue, e.toString());
        }
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null) {
            current.close();
        }
    }
}
