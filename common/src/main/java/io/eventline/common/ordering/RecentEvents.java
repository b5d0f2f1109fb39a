package io.eventline.common.ordering;

import io.eventline.common.serde.Crc64Avro;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>A sequenced event's id is kept as a 64-bit digest ({@link #idHashes}), not as its string (issue 12): the
 * progress is read and written on every event, and eight id strings were most of its bytes and of its
 * (de)serialization. The digest is CRC-64-AVRO of the id's UTF-8 bytes, which tells apart any two ids of equal
 * length that differ within eight consecutive bytes, and any others but for a 2<sup>-64</sup> chance; a match is
 * also checked against the event's sequence number and content fingerprint, so a collision could only make a
 * distinct event look like a conflict, never drop it as a copy. Unsequenced ids keep their string besides
 * ({@link #ids}): they spill to the eventId map under it. Progress restored from before the digests has every id
 * as a string and no digests: {@link #hashes} computes them on first use.
 */
public class RecentEvents {

    /**
     * How many ids an aggregate keeps in its progress. A redelivery older than these is still dropped (by its
     * number); what the window bounds is conflict detection: an event reusing the number of one of its aggregate's
     * last eight is caught, an older one is taken for a copy. Was 32 before the window, which made every event
     * rewrite a progress of up to 32 ids (~1 KB of state per aggregate at 20 events each).
     */
    static final int CAPACITY = 8;

    /** The id string of each unsequenced entry, {@code null} for a sequenced one (its digest is enough). */
    public String[] ids = new String[0];
    /** Per entry, the digest of its eventId ({@link #digest}). */
    public long[] idHashes = new long[0];
    public long[] sequences = new long[0];
    public long[] fingerprints = new long[0];
    public long[] appliedAt = new long[0];

    /**
     * The last id digested and its digest (transient: not state). An in-order event is looked up ({@link #find})
     * and then remembered ({@link #add}) on the same progress value: one digest per event, not two.
     */
    private transient String digestedId;
    private transient long digested;

    public RecentEvents() {}

    int size() {
        return sequences.length;
    }

    boolean isFull() {
        return sequences.length >= CAPACITY;
    }

    /** The digest an eventId is remembered under. */
    static long digest(String eventId) {
        return Crc64Avro.of(eventId.getBytes(StandardCharsets.UTF_8)); // Avro's fingerprint64, as before
    }

    private long digestOf(String eventId) {
        if (eventId != digestedId) { // the same instance: the event just looked up
            digested = digest(eventId);
            digestedId = eventId;
        }
        return digested;
    }

    /** The remembered event under {@code eventId}, or null. */
    AppliedEvent find(String eventId) {
        long[] hashes = hashes();
        long digest = digestOf(eventId);
        for (int i = hashes.length - 1; i >= 0; i--) { // a redelivery is usually of a recent event
            if (hashes[i] == digest && (ids[i] == null || ids[i].equals(eventId))) {
                return event(i);
            }
        }
        return null;
    }

    /** The digests as {@link #hashes} gives them, without keeping them: what the serializer writes. */
    long[] digests() {
        if (idHashes.length == sequences.length) {
            return idHashes;
        }
        long[] digests = new long[sequences.length];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = digest(ids[i]);
        }
        return digests;
    }

    /** A copy sharing nothing mutable (the arrays; strings are immutable). */
    RecentEvents copy() {
        RecentEvents copy = new RecentEvents();
        copy.ids = ids.clone();
        copy.idHashes = idHashes.clone();
        copy.sequences = sequences.clone();
        copy.fingerprints = fingerprints.clone();
        copy.appliedAt = appliedAt.clone();
        return copy;
    }

    /** The digests, computed from the id strings of progress restored from before them. */
    private long[] hashes() {
        idHashes = digests();
        return idHashes;
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

    /** The id of an unsequenced entry (sequenced ones keep only its digest). */
    String id(int i) {
        return ids[i];
    }

    void add(String eventId, AppliedEvent event) {
        hashes();
        int n = sequences.length;
        ids = Arrays.copyOf(ids, n + 1);
        idHashes = Arrays.copyOf(idHashes, n + 1);
        sequences = Arrays.copyOf(sequences, n + 1);
        fingerprints = Arrays.copyOf(fingerprints, n + 1);
        appliedAt = Arrays.copyOf(appliedAt, n + 1);
        ids[n] = event.sequence == AppliedEvent.UNSEQUENCED ? eventId : null;
        idHashes[n] = digestOf(eventId);
        sequences[n] = event.sequence;
        fingerprints[n] = event.fingerprint;
        appliedAt[n] = event.appliedAt;
    }

    /** Forgets the {@code count} oldest. */
    void dropOldest(int count) {
        hashes();
        int n = sequences.length;
        ids = Arrays.copyOfRange(ids, count, n);
        idHashes = Arrays.copyOfRange(idHashes, count, n);
        sequences = Arrays.copyOfRange(sequences, count, n);
        fingerprints = Arrays.copyOfRange(fingerprints, count, n);
        appliedAt = Arrays.copyOfRange(appliedAt, count, n);
    }
}
