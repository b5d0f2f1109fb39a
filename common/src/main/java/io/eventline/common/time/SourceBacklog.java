package io.eventline.common.time;

import java.io.Serializable;
import java.util.OptionalLong;
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
        /** Nothing reported (yet): no partition has returned a record since the reader started. */
        UNKNOWN
    }

    private transient volatile Gauge<Long> pendingRecords;

    /** Called by the reader (through {@link BacklogReportingSource}) when it registers its gauge. */
    void report(Gauge<Long> gauge) {
        this.pendingRecords = gauge;
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
        return pending.getAsLong() == 0 ? State.CAUGHT_UP : State.BEHIND;
    }
}
