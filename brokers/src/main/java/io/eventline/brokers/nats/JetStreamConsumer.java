package io.eventline.brokers.nats;

import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.Headers;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JetStream stream through a durable pull consumer on jnats, reconnecting for ever.
 *
 * <p>The source owns its durable consumer and <b>rewinds</b> it when it starts and after every reconnect or
 * failed fetch: it re-creates the consumer from its ack floor ({@code DeliverPolicy.ByStartSequence}, floor + 1).
 * JetStream itself would redeliver what a failed job attempt, or a pull whose reply was lost in a server restart,
 * had fetched only once {@code ackWait} has passed (minutes), and meanwhile later messages move the log clock past
 * the gap timeouts of the missing ones. Rewinding redelivers them at once; what was acked above the floor comes
 * again and is dropped downstream as a duplicate. (JetStream 2.9 has no consumer reset; deliver policy and start
 * sequence cannot be updated, hence delete and add.) Acks of an older incarnation's deliveries stay harmless:
 * JetStream matches acks by stream sequence.
 *
 * <p>Dead-letter coordinates: source topic = the stream, offset = the stream sequence (stable across
 * redeliveries), headers {@code nats-stream}, {@code nats-subject}, {@code nats-stream-sequence},
 * {@code nats-delivered}. The log clock is the time JetStream stored the message. The key is the {@code key}
 * header if present, else the subject.
 */
final class JetStreamConsumer implements BrokerConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);

    private final JetStreamConnector settings;
    private final String stream;
    private final Connection connection;
    /** Set by the client's thread on reconnect; the fetcher thread rewinds before its next fetch. */
    private final AtomicBoolean rewind;
    private JetStreamSubscription subscription;
    /** The highest ack floor seen: a rewind that deleted the consumer but failed to add it again resumes from here. */
    private long ackFloor;

    private JetStreamConsumer(JetStreamConnector settings, String stream, Connection connection, AtomicBoolean rewind) {
        this.settings = settings;
        this.stream = stream;
        this.connection = connection;
        this.rewind = rewind;
    }

    static JetStreamConsumer open(JetStreamConnector settings, String stream, String consumerName) throws Exception {
        AtomicBoolean rewind = new AtomicBoolean(true);
        ConnectionListener onReconnect = (conn, event) -> {
            if (event == ConnectionListener.Events.RECONNECTED) {
                LOG.info("reconnected to NATS: stream {} rewinds its consumer to the ack floor", stream);
                rewind.set(true);
            }
        };
        Options options = new Options.Builder().server(settings.url()).connectionName(consumerName)
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(500)).connectionListener(onReconnect).build();
        Connection connection = Nats.connect(options);
        try {
            JetStreamConsumer consumer = new JetStreamConsumer(settings, stream, connection, rewind);
            consumer.rewind();
            return consumer;
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    /** Re-creates the durable consumer from its ack floor and binds a new pull subscription to it. */
    private void rewind() throws Exception {
        rewind.set(false); // a reconnect during the rewind sets it again
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (IllegalStateException alreadyGone) {
                // the connection dropped it
            }
            subscription = null;
        }
        JetStreamManagement jsm = connection.jetStreamManagement();
        JetStreamTopology.ensureStream(jsm, stream);
        try {
            long floor = jsm.getConsumerInfo(stream, settings.durable()).getAckFloor().getStreamSequence();
            ackFloor = Math.max(ackFloor, floor);
            jsm.deleteConsumer(stream, settings.durable());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
        }
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                .durable(settings.durable())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(ackFloor + 1)
                .ackWait(settings.ackWait())
                .maxAckPending(settings.maxAckPending())
                .build());
        subscription = connection.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, settings.durable()));
        LOG.info("consumer {} of stream {} delivers from stream sequence {}", settings.durable(), stream, ackFloor + 1);
    }

    @Override
    public List<BrokerMessage> poll(Duration maxWait) throws InterruptedException {
        List<Message> fetched;
        try {
            if (rewind.get()) {
                rewind();
            }
            fetched = subscription.fetch(settings.batch(), maxWait);
        } catch (Exception e) {
            // reconnecting, JetStream not yet recovered after a server restart, a lost consumer: rewind and retry
            if (Thread.currentThread().isInterrupted() || e instanceof InterruptedException) {
                throw new InterruptedException("interrupted while fetching from " + stream);
            }
            LOG.warn("fetching from stream {} failed, rewinding and retrying: {}", stream, e.toString());
            rewind.set(true);
            Thread.sleep(Math.max(100, maxWait.toMillis()));
            return List.of();
        }
        List<BrokerMessage> out = new ArrayList<>(fetched.size());
        for (Message m : fetched) {
            if (m.isJetStream()) {
                out.add(message(m));
            }
        }
        return out;
    }

    private BrokerMessage message(Message m) {
        NatsJetStreamMetaData meta = m.metaData();
        Headers headers = new Headers();
        byte[] key = Headers.utf8(m.getSubject());
        if (m.hasHeaders()) {
            for (String name : m.getHeaders().keySet()) {
                String value = m.getHeaders().getFirst(name);
                if ("key".equals(name)) {
                    key = Headers.utf8(value);
                } else {
                    headers.put(name, value);
                }
            }
        }
        headers.put("nats-stream", stream).put("nats-subject", m.getSubject())
                .put("nats-stream-sequence", meta.streamSequence()).put("nats-delivered", meta.deliveredCount());
        return new BrokerMessage(stream, meta.streamSequence(), String.valueOf(meta.streamSequence()),
                meta.timestamp().toInstant().toEpochMilli(), key, m.getData(), headers.build(), this, m);
    }

    @Override
    public void acknowledge(List<BrokerMessage> messages) {
        int failed = 0;
        for (BrokerMessage m : messages) {
            try {
                ((Message) m.ackToken()).ack();
            } catch (IllegalStateException e) {
                failed++;
            }
        }
        if (failed > 0) {
            LOG.warn("could not ack {} messages of stream {} (JetStream redelivers them)", failed, stream);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
