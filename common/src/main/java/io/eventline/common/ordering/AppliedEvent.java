package io.eventline.common.ordering;

/**
 * What the operator remembers of an applied event, under its eventId, for {@code dedupeTtl}: enough to tell a
 * redelivery (same sequence number and fingerprint) from a conflict. A Flink POJO.
 */
public class AppliedEvent {

    /** Stands for "no sequence number" (integration events); real sequences start at 1. */
    public static final long UNSEQUENCED = 0;

    public long sequence;
    public long fingerprint;
    public long appliedAt;
    /** Its slot in the expiry queue; an older slot naming the same eventId is stale and just dropped. */
    public long slot;

    public AppliedEvent() {}

    AppliedEvent(long sequence, long fingerprint, long appliedAt) {
        this.sequence = sequence;
        this.fingerprint = fingerprint;
        this.appliedAt = appliedAt;
    }
}
