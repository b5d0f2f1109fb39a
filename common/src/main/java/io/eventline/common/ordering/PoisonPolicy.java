package io.eventline.common.ordering;

import java.util.Locale;

/**
 * What an aggregate does when it learns (a {@code HOLD} command, or a {@code buffer-overflow}) that one of its
 * sequence numbers went to the dead-letter queue.
 */
public enum PoisonPolicy {
    /**
     * Default. The aggregate is held at that number: events up to it still apply, nothing after it applies until the
     * dead-lettered event is replayed (or an {@code UNPARK} skips it); later events wait in the buffer, beyond its
     * bound they go to the DLQ as {@code parked}. No gap timeout applies to a held number.
     */
    HOLD,
    /**
     * Explicit opt-out: the dead-lettered number is given up on as soon as the head reaches it (like a gap that timed
     * out, but without waiting and without a gap record); the events after it apply, and its replay is handed on as
     * a late event ({@code late-after-skip} rules).
     */
    SKIP;

    /** Parses the configuration spelling ({@code hold} / {@code skip}, any case). */
    public static PoisonPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
