package io.eventline.history.replay;

import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.types.Either;

/**
 * Keeps the events that occurred at or before a moment (the envelope's {@code timestamp}, inclusive), and every
 * dead letter (they hold their aggregates as in the live run). An aggregate's events occur in sequence order, so
 * what passes is a prefix of each aggregate's history.
 */
final class OccurredBy implements FilterFunction<Either<EventEnvelope, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    private final long momentMillis;

    OccurredBy(long momentMillis) {
        this.momentMillis = momentMillis;
    }

    @Override
    public boolean filter(Either<EventEnvelope, DeadLetter> value) {
        return value.isRight() || value.left().getTimestamp() == null
                || value.left().getTimestamp().toEpochMilli() <= momentMillis;
    }
}
