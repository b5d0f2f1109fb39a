package io.eventline.cli.dlq;

import io.eventline.deadletter.DeadLetter;
import java.time.Instant;

/**
 * One record of a DLQ topic: where it is ({@code partition:offset}) and the decoded {@link DeadLetter}. When the
 * value could not be decoded (registry unreachable, foreign record), the dead letter is rebuilt from the
 * {@code dlq-*} headers and {@link #decodeError} says why.
 */
public record DlqRecord(String topic, int partition, long offset, long timestamp, DeadLetter letter,
        String decodeError) {

    /** {@code partition:offset}, the address {@code dlq show} and the replay log use. */
    public String position() {
        return position(partition, offset);
    }

    public static String position(int partition, long offset) {
        return partition + ":" + offset;
    }

    public String stage() {
        return letter.getStage();
    }

    public String reason() {
        return letter.getReason();
    }

    public String aggregateId() {
        return letter.getAggregateId();
    }

    public String eventId() {
        return letter.getEventId();
    }

    public String eventType() {
        return letter.getEventType();
    }

    public Long sequence() {
        return letter.getSequenceNumber();
    }

    public Instant failedAt() {
        return letter.getFailedAt();
    }

    /** Whether there is an original to republish: gap records (no event) and values lost in decoding are not. */
    public boolean replayable() {
        return decodeError == null && letter.getValue() != null;
    }
}
