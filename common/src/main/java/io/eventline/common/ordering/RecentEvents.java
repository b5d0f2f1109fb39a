package io.eventline.common.ordering;

import java.util.Arrays;

/**
 * The most recently remembered eventIds of one aggregate, oldest first, kept inside its {@link AggregateProgress}
 * so that an in-order event costs one read and one write of keyed state: on RocksDB the eventId map and its expiry
 * queue cost a lookup and two writes per event more, and two reads and two deletes when the id expires. Older
 * ids spill to that map (see {@link OrderingState#remember}); together they are the same eventId memory, with the
 * same expiry. A Flink POJO of arrays (one slot per id, exactly as long as needed), never Kryo.
 */
public class RecentEvents {

    /** How many ids an aggregate keeps in its progress before the oldest spills to the map. */
    static final int CAPACITY = 32;

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
