package io.eventline.outbox.relay;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/** The outbox table as one split, with the position read so far: the relay's checkpointed state. */
public final class OutboxSplit implements SourceSplit {

    public static final String ID = "outbox";

    private final OutboxPosition position;

    public OutboxSplit(OutboxPosition position) {
        this.position = Objects.requireNonNull(position, "position");
    }

    public OutboxPosition position() {
        return position;
    }

    @Override
    public String splitId() {
        return ID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxSplit s && s.position.equals(position);
    }

    @Override
    public int hashCode() {
        return position.hashCode();
    }

    @Override
    public String toString() {
        return "OutboxSplit" + position;
    }
}
