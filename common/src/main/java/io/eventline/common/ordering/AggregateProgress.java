package io.eventline.common.ordering;

/**
 * The O(1) part of an aggregate's ordering state, kept in one value so that an in-order event costs one read and
 * one write of it. A Flink POJO: public fields, no-arg constructor.
 */
public class AggregateProgress {

    /** The sequence number the aggregate waits for; everything below it was applied or skipped. */
    public long nextExpected;
    /** How many events wait in the buffer; avoids probing an empty map on RocksDB. */
    public int buffered;
    /** How many skipped ranges are remembered; spares iterating an empty map (a seek on RocksDB). */
    public int skippedRanges;
    public boolean parked;
    /** Processing time of the pending gap timer, 0 if none; needed to delete it and to tell timers apart. */
    public long gapTimerAt;
    /** Processing time of the pending cleanup timer, 0 if none. */
    public long cleanupTimerAt;
    public long lastActivityAt;

    public AggregateProgress() {}

    static AggregateProgress fresh() {
        AggregateProgress progress = new AggregateProgress();
        progress.nextExpected = 1;
        return progress;
    }
}
