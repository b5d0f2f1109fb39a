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

    /** A stable 64-bit digest of the full content; two deliveries of one event have the same fingerprint. */
    long fingerprint(E event);

    /** The event encoded for a dead letter's {@code value}, or {@code null} where it cannot be encoded. */
    byte[] encode(E event);
}
