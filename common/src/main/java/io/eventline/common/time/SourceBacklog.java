package io.eventline.common.time;

import java.io.Serializable;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;

/**
 * How far one source reader is behind the head of its log: the records its splits still have to read, as the reader
 * reports them through Flink's standard {@code pendingRecords} gauge (FLIP-33; the Kafka source reports the sum of
 * its partitions' {@code records-lag}, registered once a partition has returned records).
 *
 * <p>One instance per source subtask: {@link LogClock} puts the same instance into the wrapped source and into the
 * watermark strategy, which Flink serializes together in the source operator's factory, so each subtask deserializes
 * one shared copy (the reader reports into it, the split watermark generators read it).
 */
public final class SourceBacklog implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a {@link LogClockWatermarks} generator may conclude about its reader. */
    public enum State {
        /** The reader reports 0 pending records: every split that is silent has nothing more to read. */
        CAUGHT_UP,
        /** The reader reports pending records: a silent split may only be waiting for its turn in a fetch. */
        BEHIND,
        /**
         * Nothing current reported: no partition has returned a record since the reader started, or the reader has
         * not completed a fetch for a while (its broker is unreachable).
         */
        UNKNOWN
    }

    /** How recently the reader must have completed a fetch for its lag to count as current. */
    static final long FRESH_FETCH_NANOS = 5_000_000_000L;

    private transient volatile Gauge<Long> pendingRecords;
    private transient volatile Gauge<?> fetches;
    private transient LongSupplier nanoClock;
    private transient boolean fetchesSeen;
    private transient double lastFetches;
    private transient long lastFetchProgressAt;

    SourceBacklog() {}

    /** With a given clock for the fetch progress (tests). */
    SourceBacklog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Called by the reader (through {@link BacklogReportingSource}) when it registers its gauge. */
    void report(Gauge<Long> gauge) {
        this.pendingRecords = gauge;
    }

    /**
     * The reader's count of completed fetches (Kafka: the consumer's {@code fetch-total}). While it is known, the
     * reader counts as caught up only if a fetch completed within the last 5 s: a consumer cut off from its broker
     * keeps reporting the lag of its last fetch (0), but it is not at the head of a log it cannot see.
     */
    void reportFetches(Gauge<?> gauge) {
        this.fetches = gauge;
    }

    public OptionalLong pendingRecords() {
        Gauge<Long> gauge = pendingRecords;
        if (gauge == null) {
            return OptionalLong.empty();
        }
        Long value = gauge.getValue();
        return value == null || value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    public State state() {
        OptionalLong pending = pendingRecords();
        if (pending.isEmpty()) {
            return State.UNKNOWN;
        }
        if (pending.getAsLong() > 0) {
            return State.BEHIND;
        }
        return fetchedRecently() ? State.CAUGHT_UP : State.UNKNOWN;
    }

    private boolean fetchedRecently() {
        Gauge<?> gauge = fetches;
        if (gauge == null) {
            return true; // the reader reports no fetches: its lag is all there is
        }
        long now = nanoClock == null ? System.nanoTime() : nanoClock.getAsLong();
        Object value = gauge.getValue();
        double count = value instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!fetchesSeen || count > lastFetches) {
            fetchesSeen = true;
            lastFetches = count;
            lastFetchProgressAt = now;
        }
        return now - lastFetchProgressAt <= FRESH_FETCH_NANOS;
    }
}
