package io.eventline.common.event;

import java.io.Serializable;

/**
 * Reads the envelope fields the building blocks need from an event of any type, so that operators in
 * {@code common} stay generic over the event class.
 */
public interface EventAccessor<E> extends Serializable {

    String eventId(E event);

    String eventType(E event);

    String aggregateId(E event);

    /** The per-aggregate sequence number, or {@code null} for integration events that carry none. */
    Long sequenceNumber(E event);

    /**
     * A stable 64-bit digest of the event's content; two deliveries of one event (a replay included) have the
     * same fingerprint.
     */
    long fingerprint(E event);

    /** The event encoded for a dead letter's {@code value}, or {@code null} where it cannot be encoded. */
    byte[] encode(E event);

    /**
     * For an event republished from the DLQ by {@code eventline dlq replay}: the stage code of the dead letter it
     * replays ({@code order}, {@code project}, ...). {@code null} for a first delivery.
     */
    default String replayStage(E event) {
        return null;
    }

    /** The delivery attempt: 1 for a first delivery, the replay's attempt number for a replayed one. */
    default int attempt(E event) {
        return 1;
    }
}
