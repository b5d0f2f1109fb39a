package io.eventline.common.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The keyed state of one aggregate. Descriptor names are part of the savepoint format: never rename them. Every
 * type is a primitive, a POJO or the caller's {@link TypeInformation}, so Flink never falls back to Kryo.
 */
final class OrderingState<E> {

    static final String PROGRESS = "ordering-progress";
    static final String BUFFER = "ordering-buffer";
    static final String APPLIED = "ordering-applied-event-ids";
    static final String SKIPPED = "ordering-skipped-ranges";

    private final ValueState<AggregateProgress> progress;
    private final MapState<Long, E> buffer;
    private final MapState<String, AppliedEvent> applied;
    private final MapState<Long, SkippedRange> skipped;

    private OrderingState(RuntimeContext context, TypeInformation<E> eventType) {
        progress = context.getState(progressDescriptor());
        buffer = context.getMapState(bufferDescriptor(eventType));
        applied = context.getMapState(appliedDescriptor());
        skipped = context.getMapState(skippedDescriptor());
    }

    static <E> OrderingState<E> open(RuntimeContext context, TypeInformation<E> eventType) {
        return new OrderingState<>(context, eventType);
    }

    static ValueStateDescriptor<AggregateProgress> progressDescriptor() {
        return new ValueStateDescriptor<>(PROGRESS, TypeInformation.of(AggregateProgress.class));
    }

    /** Events ahead of the next expected number, by sequence number: a point lookup per release, no re-sorting. */
    static <E> MapStateDescriptor<Long, E> bufferDescriptor(TypeInformation<E> eventType) {
        return new MapStateDescriptor<>(BUFFER, Types.LONG, eventType);
    }

    static MapStateDescriptor<String, AppliedEvent> appliedDescriptor() {
        return new MapStateDescriptor<>(APPLIED, Types.STRING, TypeInformation.of(AppliedEvent.class));
    }

    static MapStateDescriptor<Long, SkippedRange> skippedDescriptor() {
        return new MapStateDescriptor<>(SKIPPED, Types.LONG, TypeInformation.of(SkippedRange.class));
    }

    static <E> List<StateDescriptor<?, ?>> descriptors(TypeInformation<E> eventType) {
        return List.of(progressDescriptor(), bufferDescriptor(eventType), appliedDescriptor(), skippedDescriptor());
    }

    AggregateProgress progress() throws Exception {
        return progress.value();
    }

    void update(AggregateProgress value) throws Exception {
        progress.update(value);
    }

    E buffered(long sequence) throws Exception {
        return buffer.get(sequence);
    }

    void buffer(long sequence, E event) throws Exception {
        buffer.put(sequence, event);
    }

    void unbuffer(long sequence) throws Exception {
        buffer.remove(sequence);
    }

    /** The lowest waiting sequence number; the buffer is bounded, and this runs only on timeouts and unparks. */
    long lowestBuffered() throws Exception {
        long lowest = Long.MAX_VALUE;
        for (Long sequence : buffer.keys()) {
            lowest = Math.min(lowest, sequence);
        }
        return lowest;
    }

    AppliedEvent applied(String eventId) throws Exception {
        return applied.get(eventId);
    }

    void remember(String eventId, AppliedEvent event) throws Exception {
        applied.put(eventId, event);
    }

    void skip(long first, long last, long now, AggregateProgress progress) throws Exception {
        skipped.put(first, new SkippedRange(last, now));
        progress.skippedRanges++;
    }

    boolean wasSkipped(long sequence, AggregateProgress progress) throws Exception {
        if (progress.skippedRanges == 0) {
            return false;
        }
        for (Map.Entry<Long, SkippedRange> range : skipped.entries()) {
            if (range.getKey() <= sequence && sequence <= range.getValue().last) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets eventIds and skipped ranges older than {@code expiredBefore}. Removes by key, not through the
     * iterator: the heap backend drops a map emptied by {@code remove}, but keeps one emptied through its iterator.
     *
     * @return the oldest remaining remembered time, or {@link Long#MAX_VALUE} when nothing is left
     */
    long forgetBefore(long expiredBefore, AggregateProgress progress) throws Exception {
        long oldest = Long.MAX_VALUE;
        List<String> expiredIds = new ArrayList<>();
        for (Map.Entry<String, AppliedEvent> entry : applied.entries()) {
            long at = entry.getValue().appliedAt;
            if (at < expiredBefore) {
                expiredIds.add(entry.getKey());
            } else {
                oldest = Math.min(oldest, at);
            }
        }
        for (String eventId : expiredIds) {
            applied.remove(eventId);
        }
        if (progress.skippedRanges > 0) {
            List<Long> expiredRanges = new ArrayList<>();
            for (Map.Entry<Long, SkippedRange> entry : skipped.entries()) {
                long at = entry.getValue().skippedAt;
                if (at < expiredBefore) {
                    expiredRanges.add(entry.getKey());
                } else {
                    oldest = Math.min(oldest, at);
                }
            }
            for (Long first : expiredRanges) {
                skipped.remove(first);
            }
            progress.skippedRanges -= expiredRanges.size();
        }
        return oldest;
    }

    /**
     * Drops an aggregate whose maps are empty (nothing waits, everything forgotten by key). Clearing the maps as
     * well would cost a RocksDB seek each, through the tombstones of every other aggregate's deleted entries.
     */
    void clearEmptied() {
        progress.clear();
    }
}
