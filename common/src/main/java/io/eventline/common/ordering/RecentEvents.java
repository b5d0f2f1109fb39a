package io.eventline.common.ordering;

import java.util.Arrays;

/**
 * The most recently remembered eventIds of one aggregate, oldest first, kept inside its {@link AggregateProgress}
 * so that an in-order event costs one read and one write of keyed state: on RocksDB the eventId map and its expiry
 * queue cost a lookup and two writes per event more, and two reads and two deletes when the id expires.
 *
 * <p>The recent window (issue 12): sequenced events are deduplicated by their sequence number; their eventIds are
 * kept only for the {@value #CAPACITY} most recent, to tell a redelivery from a conflict while it is likely to
 * arrive. When the window is full, the oldest sequenced id is forgotten (a later copy of its number is dropped by
 * the number alone, {@code duplicatesBeyondWindow}); an unsequenced one spills to the eventId map (see
 * {@link OrderingState#remember}), its only memory. So the progress, and with it the state of a sequenced
 * aggregate, stays O(1) however many events it has. A Flink POJO of arrays (one slot per id, exactly as long as
 * needed), never Kryo.
 */
public class RecentEvents {

    /**
     * How many ids an aggregate keeps in its progress. A redelivery older than these is still dropped (by its
     * number); what the window bounds is conflict detection: an event reusing the number of one of its aggregate's
     * last eight is caught, an older one is taken for a copy. Was 32 before the window, which made every event
     * rewrite a progress of up to 32 ids (~1 KB of state per aggregate at 20 events each).
     */
    static final int CAPACITY = 8;

    public String[] ids = new String[0];
    public long[] sequences = new long[0];
    public long[] fingerprints = new long[0];
    public long[] appliedAt = new long[0];

    public RecentEvents() {}

    int size() {
        return ids.length;
    }

    boolean isFull() {
        return ids.length >= CAPACITY;
    }

    /** The remembered event under {@code eventId}, or null. */
    AppliedEvent find(String eventId) {
        for (int i = ids.length - 1; i >= 0; i--) { // a redelivery is usually of a recent event
            if (ids[i].equals(eventId)) {
                return event(i);
            }
        }
        return null;
    }

    AppliedEvent event(int i) {
        return new AppliedEvent(sequences[i], fingerprints[i], appliedAt[i]);
    }

    /** The lowest sequence number in the window ({@link Long#MAX_VALUE} when it holds none). */
    long lowestSequence() {
        long lowest = Long.MAX_VALUE;
        for (long sequence : sequences) {
            if (sequence != AppliedEvent.UNSEQUENCED) {
                lowest = Math.min(lowest, sequence);
            }
        }
        return lowest;
    }

    String id(int i) {
        return ids[i];
    }

    void add(String eventId, AppliedEvent event) {
        int n = ids.length;
        ids = Arrays.copyOf(ids, n + 1);
        sequences = Arrays.copyOf(sequences, n + 1);
        fingerprints = Arrays.copyOf(fingerprints, n + 1);
        appliedAt = Arrays.copyOf(appliedAt, n + 1);
        ids[n] = eventId;
        sequences[n] = event.sequence;
        fingerprints[n] = event.fingerprint;
        appliedAt[n] = event.appliedAt;
    }

    /** Forgets the {@code count} oldest. */
    void dropOldest(int count) {
        int n = ids.length;
        ids = Arrays.copyOfRange(ids, count, n);
        sequences = Arrays.copyOfRange(sequences, count, n);
        fingerprints = Arrays.copyOfRange(fingerprints, count, n);
        appliedAt = Arrays.copyOfRange(appliedAt, count, n);
    }
}
