package io.eventline.common.technical;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-partition stall rule over successive offset observations: a partition with lag whose committed offset has
 * not moved for {@code stallAfter} is STALLED, announced by one {@link PartitionSignal.Kind#STALLED} signal and ended
 * by one {@link PartitionSignal.Kind#RESUMED} when the offset moves again or the lag goes away. Every observation
 * yields one {@link PartitionSignal.Kind#HEARTBEAT} per partition. Pure: time is the caller's.
 *
 * <p>A partition without lag counts as making progress (nothing is waiting for it), so a caught-up partition's stall
 * is counted from the first tick it has lag, not from its last commit. The memory is not checkpointed: after a restart
 * the first observation starts every partition's count afresh (a stall is then reported {@code stallAfter} after it).
 */
public final class PartitionProgressRule {

    private final String groupId;
    private final long stallAfterMs;
    private final Map<String, Memory> partitions = new HashMap<>();

    public PartitionProgressRule(String groupId, Duration stallAfter) {
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive: " + stallAfter);
        }
        this.groupId = groupId;
        this.stallAfterMs = stallAfter.toMillis();
    }

    /** What the partitions' offsets at {@code now} (epoch millis) signal: a heartbeat each, stalls and resumptions. */
    public List<PartitionSignal> observe(List<PartitionOffsets> offsets, long now) {
        List<PartitionSignal> signals = new ArrayList<>(offsets.size() + 1);
        Map<String, Memory> seen = new HashMap<>();
        for (PartitionOffsets o : offsets) {
            String key = o.topic() + "-" + o.partition();
            Memory before = partitions.get(key);
            boolean progressed = before != null && before.committedOffset != o.committedOffset();
            long lag = o.lag();
            // nothing waits without lag: a partition's count starts at its first tick with lag after progress or none
            long noProgressSince = before == null || progressed || lag == 0 || before.lag == 0 ? now : before.noProgressSince;
            boolean stalled = lag > 0 && now - noProgressSince >= stallAfterMs;
            PartitionState state = stalled ? PartitionState.STALLED
                    : lag == 0 && !progressed ? PartitionState.IDLE : PartitionState.PROGRESSING;
            long stateSince = before != null && before.state == state ? before.stateSince : now;
            boolean wasStalled = before != null && before.state == PartitionState.STALLED;
            if (stalled && !wasStalled) {
                signals.add(PartitionSignal.of(PartitionSignal.Kind.STALLED, groupId, o, state, stateSince, noProgressSince, now));
            } else if (!stalled && wasStalled) {
                // the stall that ended began at the memory's noProgressSince
                signals.add(PartitionSignal.of(PartitionSignal.Kind.RESUMED, groupId, o, state, stateSince,
                        before.noProgressSince, now));
            }
            signals.add(PartitionSignal.of(PartitionSignal.Kind.HEARTBEAT, groupId, o, state, stateSince, noProgressSince, now));
            seen.put(key, new Memory(o.committedOffset(), lag, noProgressSince, state, stateSince));
        }
        // a partition no longer listed (topic deleted) is forgotten
        partitions.clear();
        partitions.putAll(seen);
        return signals;
    }

    /** Partitions currently stalled. */
    public long stalledPartitions() {
        return partitions.values().stream().filter(m -> m.state == PartitionState.STALLED).count();
    }

    private record Memory(long committedOffset, long lag, long noProgressSince, PartitionState state, long stateSince) {}
}
