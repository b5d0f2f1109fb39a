package io.eventline.common.ordering;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The O(1) part of an aggregate's ordering state, kept in one value so that an in-order event costs one read and
 * one write of it, with its most recent eventIds ({@link RecentEvents}). It outlives the eventId memory: a quiet
 * aggregate resumes at its next expected number. Stored by {@link AggregateProgressSerializer} (issue 12); until
 * then a Flink POJO, whose state of every version it migrates (fields added in v2 and v3 took their defaults when
 * restored from earlier savepoints: POJO schema evolution).
 */
@TypeInfo(AggregateProgressSerializer.Factory.class)
public class AggregateProgress {

    /** The sequence number the aggregate waits for; everything below it was applied or skipped. */
    public long nextExpected;
    /** How many events wait in the buffer; avoids probing an empty map on RocksDB. */
    public int buffered;
    /** How many skipped ranges are remembered; spares iterating an empty map (a seek on RocksDB). */
    public int skippedRanges;
    public boolean parked;
    /** Clock time of the pending gap timer, 0 if none; needed to delete it and to tell timers apart. */
    public long gapTimerAt;
    /** Clock time of the pending cleanup timer, 0 if none. */
    public long cleanupTimerAt;
    /** The latest clock time this aggregate has seen (record timestamps never move it back). */
    public long lastActivityAt;

    // ---- v2

    /** Whether {@link #lastActivityAt} and the pending timers are on the log's clock (event time). */
    public boolean onLogClock;
    /** The lowest held sequence number (dead-lettered upstream or overflowed), 0 if none. */
    public long heldAt;
    /** How many held sequence numbers are remembered in the holds map. */
    public int holds;
    /** Serialized size of the events waiting in the buffer. */
    public long bufferedBytes;
    /** Queue of remembered eventIds, in the order remembered: the slot of the oldest one... */
    public long rememberedHead;
    /** ...and the slot the next one takes. */
    public long rememberedTail;
    /** False only in progress restored from a v1 savepoint, whose remembered eventIds are not queued yet. */
    public boolean queued;

    // ---- v3

    /**
     * The newest remembered eventIds (null in progress restored from v2: none yet); older ones are in the eventId
     * map and its queue ({@link #rememberedHead}..{@link #rememberedTail}), all of them older than these.
     */
    public RecentEvents recent;

    public AggregateProgress() {}

    static AggregateProgress fresh() {
        AggregateProgress progress = new AggregateProgress();
        progress.nextExpected = 1;
        progress.queued = true;
        progress.recent = new RecentEvents();
        return progress;
    }

    /** Whether eventIds are remembered in the map besides {@link #recent}. */
    boolean remembersInMap() {
        return rememberedHead < rememberedTail;
    }

    RecentEvents recent() {
        if (recent == null) {
            recent = new RecentEvents();
        }
        return recent;
    }

    boolean heldAtHead() {
        return heldAt != 0 && heldAt == nextExpected;
    }
}
