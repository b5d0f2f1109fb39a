package io.eventline.brokers.nats;

import io.eventline.brokers.source.BrokerConnector;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerSplit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Consumes NATS JetStream streams (one split each) through a durable pull consumer with explicit acks, sent when a
 * checkpoint completes.
 *
 * @param url {@code nats://host:port}
 * @param streams the streams; one missing is created (file storage) over the subject {@code <stream>.>}
 * @param durable the durable consumer's name, created when missing (deliver all, explicit ack)
 * @param batch messages per fetch
 * @param ackWait how long JetStream waits for an ack before redelivering: keep it above the checkpoint interval
 *     (plus the checkpoint's duration), or messages of a slow checkpoint are redelivered (and dropped as
 *     duplicates downstream)
 * @param maxAckPending unacknowledged messages the consumer may have: acks wait for a checkpoint, so this bounds
 *     throughput to {@code maxAckPending} per checkpoint interval
 */
public record JetStreamConnector(String url, List<String> streams, String durable, int batch, Duration ackWait,
        int maxAckPending) implements BrokerConnector {

    private static final long serialVersionUID = 1L;

    public JetStreamConnector {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(durable, "durable");
        streams = List.copyOf(streams);
        if (batch < 1 || maxAckPending < 1) {
            throw new IllegalArgumentException("batch and maxAckPending must be at least 1");
        }
    }

    @Override
    public String broker() {
        return "nats";
    }

    @Override
    public List<String> splitNames() {
        return streams;
    }

    @Override
    public BrokerConsumer open(BrokerSplit split, String consumerName) throws Exception {
        return JetStreamConsumer.open(this, split.name(), consumerName);
    }
}
