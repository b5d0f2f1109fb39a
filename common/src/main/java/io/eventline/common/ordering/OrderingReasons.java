package io.eventline.common.ordering;

import java.util.List;

/** Stable reason codes of dead letters written by the ordering stage ({@code stage = order}). */
public final class OrderingReasons {

    /** Same sequence number with a different eventId, or same eventId with different content. */
    public static final String CONFLICT = "conflict";
    /** A gap record: the named sequence numbers never arrived within the gap timeout. */
    public static final String GAP_TIMEOUT = "gap-timeout";
    /** The event fills a gap that was already skipped. */
    public static final String LATE_AFTER_SKIP = "late-after-skip";
    /**
     * The aggregate is parked (gap timeout under PARK), or held behind a dead-lettered sequence number with its
     * buffer full; the event waits in the DLQ for a replay.
     */
    public static final String PARKED = "parked";
    /** The aggregate already holds the maximum number of events waiting for a gap. */
    public static final String BUFFER_OVERFLOW = "buffer-overflow";
    /** No sequence number, and the job does not allow unsequenced events. */
    public static final String MISSING_SEQUENCE = "missing-sequence";
    /** A sequence number below 1; sequences start at 1 per aggregate. */
    public static final String INVALID_SEQUENCE = "invalid-sequence";
    /**
     * The sequence number is further ahead of the next expected one than {@code maxSequenceJump}: dead-lettered on
     * its own instead of opening a gap that would hold back or skip the aggregate.
     */
    public static final String SEQUENCE_JUMP = "sequence-jump";

    public static final List<String> ALL = List.of(
            CONFLICT, GAP_TIMEOUT, LATE_AFTER_SKIP, PARKED, BUFFER_OVERFLOW, MISSING_SEQUENCE, INVALID_SEQUENCE,
            SEQUENCE_JUMP);

    private OrderingReasons() {}
}
