package io.eventline.brokers.source;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One thing a reader consumes on its own: a RabbitMQ queue, a Redis stream, a NATS JetStream stream. It holds no
 * position: the broker keeps it (unacknowledged messages are redelivered), acknowledged only once a checkpoint
 * that covers them completed.
 */
public final class BrokerSplit implements SourceSplit {

    private final String name;

    public BrokerSplit(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    @Override
    public String splitId() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerSplit && ((BrokerSplit) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "BrokerSplit[" + name + "]";
    }
}
