package io.eventline.common.technical;

import java.util.Objects;

/**
 * One technical signal about an input partition: a {@link Kind#HEARTBEAT} per partition per tick, a
 * {@link Kind#STALLED} when a stall begins and a {@link Kind#RESUMED} when it ends. A Flink POJO (public fields, no-arg
 * constructor), so it travels without Kryo; times are epoch millis of the wall clock (these are observations of the
 * broker now, not of the log).
 */
public class PartitionSignal {

    public enum Kind { HEARTBEAT, STALLED, RESUMED }

    public Kind kind;
    public String topic;
    public int partition;
    public String groupId;
    public long endOffset;
    /** {@link PartitionOffsets#NONE} before the group's first commit. */
    public long committedOffset;
    public long lag;
    public PartitionState state;
    /** When the partition entered {@link #state}. */
    public long stateSince;
    /** Since when the partition has had lag without committed-offset progress (for a stall: when it began). */
    public long noProgressSince;
    /** The tick's time. */
    public long observedAt;

    public PartitionSignal() {}

    static PartitionSignal of(Kind kind, String groupId, PartitionOffsets offsets, PartitionState state, long stateSince,
            long noProgressSince, long observedAt) {
        PartitionSignal s = new PartitionSignal();
        s.kind = kind;
        s.topic = offsets.topic();
        s.partition = offsets.partition();
        s.groupId = groupId;
        s.endOffset = offsets.endOffset();
        s.committedOffset = offsets.committedOffset();
        s.lag = offsets.lag();
        s.state = state;
        s.stateSince = stateSince;
        s.noProgressSince = noProgressSince;
        s.observedAt = observedAt;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionSignal s && kind == s.kind && Objects.equals(topic, s.topic)
                && partition == s.partition && Objects.equals(groupId, s.groupId) && endOffset == s.endOffset
                && committedOffset == s.committedOffset && lag == s.lag && state == s.state
                && stateSince == s.stateSince && noProgressSince == s.noProgressSince && observedAt == s.observedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, topic, partition, groupId, endOffset, committedOffset, lag, state, stateSince,
                noProgressSince, observedAt);
    }

    @Override
    public String toString() {
        return kind + " " + topic + "-" + partition + " " + state + " since " + stateSince + " end=" + endOffset
                + " committed=" + committedOffset + " lag=" + lag + " noProgressSince=" + noProgressSince
                + " at " + observedAt;
    }
}
