package io.eventline.brokers.nats;

import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.Headers;
import io.nats.client.Connection;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JetStream stream through a durable pull consumer on jnats, reconnecting for ever. Unacknowledged messages
 * are redelivered by JetStream after {@code ackWait} or when the consumer is gone; they carry a higher delivery
 * count ({@code nats-delivered}).
 *
 * <p>Dead-letter coordinates: source topic = the stream, offset = the stream sequence (stable across
 * redeliveries), headers {@code nats-stream}, {@code nats-subject}, {@code nats-stream-sequence},
 * {@code nats-delivered}. The log clock is the time JetStream stored the message. The key is the {@code key}
 * header if present, else the subject.
 */
final class JetStreamConsumer implements BrokerConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);

    private final String stream;
    private final Connection connection;
    private final JetStreamSubscription subscription;
    private final int batch;

    private JetStreamConsumer(String stream, Connection connection, JetStreamSubscription subscription, int batch) {
        this.stream = stream;
        this.connection = connection;
        this.subscription = subscription;
        this.batch = batch;
    }

    static JetStreamConsumer open(JetStreamConnector settings, String stream, String consumerName) throws Exception {
        Options options = new Options.Builder().server(settings.url()).connectionName(consumerName)
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(500)).build();
        Connection connection = Nats.connect(options);
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            JetStreamTopology.ensureStream(jsm, stream);
            jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                    .durable(settings.durable())
                    .ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(DeliverPolicy.All)
                    .ackWait(settings.ackWait())
                    .maxAckPending(settings.maxAckPending())
                    .build());
            JetStreamSubscription subscription = connection.jetStream()
                    .subscribe(null, PullSubscribeOptions.bind(stream, settings.durable()));
            return new JetStreamConsumer(stream, connection, subscription, settings.batch());
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public List<BrokerMessage> poll(Duration maxWait) throws InterruptedException {
        List<Message> fetched;
        try {
            fetched = subscription.fetch(batch, maxWait);
        } catch (IllegalStateException e) {
            // the connection is reconnecting (or closed): JetStream keeps the consumer and redelivers
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while fetching from " + stream);
            }
            LOG.warn("fetching from stream {} failed, retrying: {}", stream, e.toString());
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
