package io.eventline.brokers.redis;

import io.eventline.brokers.source.BrokerConnector;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerSplit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Consumes Redis streams (one split each) in a consumer group, XACKing entries when a checkpoint completes.
 *
 * @param uri {@code redis://host:port}
 * @param streams the stream keys
 * @param group the consumer group, created at the stream's start ({@code 0}) when missing
 * @param count entries per XREADGROUP
 * @param maxUnacknowledged entries read but not yet acknowledged at most (as RabbitMQ's prefetch, JetStream's max ack
 *     pending): new entries are read only below it, so acks waiting for checkpoints bound the throughput to this
 *     many per checkpoint interval, and a crash leaves at most this many to read again
 * @param claimIdle entries pending this long for another consumer (one that crashed, or this job under an older
 *     consumer name) are taken over with XAUTOCLAIM
 */
public record RedisStreamsConnector(String uri, List<String> streams, String group, int count, int maxUnacknowledged,
        Duration claimIdle)
        implements BrokerConnector {

    private static final long serialVersionUID = 1L;

    public RedisStreamsConnector {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(group, "group");
        streams = List.copyOf(streams);
        if (count < 1 || maxUnacknowledged < 1) {
            throw new IllegalArgumentException("count and maxUnacknowledged must be at least 1");
        }
    }

    @Override
    public String broker() {
        return "redis";
    }

    @Override
    public List<String> splitNames() {
        return streams;
    }

    @Override
    public BrokerConsumer open(BrokerSplit split, String consumerName) {
        return new RedisStreamsConsumer(this, split.name(), consumerName);
    }
}
