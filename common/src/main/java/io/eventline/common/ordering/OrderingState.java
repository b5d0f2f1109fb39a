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
 * The keyed state of one aggregate. Descriptor names are part of the savepoint format: never rename them (v2 added
 * {@link #HOLDS} and {@link #REMEMBERED_ORDER}). Every type is a primitive, a POJO or the caller's
 * {@link TypeInformation}, so Flink never falls back to Kryo.
 */
final class OrderingState<E> {

    static final String PROGRESS = "ordering-progress";
    static final String BUFFER = "ordering-buffer";
    static final String APPLIED = "ordering-applied-event-ids";
    static final String SKIPPED = "ordering-skipped-ranges";
    static final String HOLDS = "ordering-held-sequences";
    static final String REMEMBERED_ORDER = "ordering-remembered-order";

    static final List<String> NAMES = List.of(PROGRESS, BUFFER, APPLIED, SKIPPED, HOLDS, REMEMBERED_ORDER);

    private final ValueState<AggregateProgress> progress;
    private final MapState<Long, E> buffer;
    private final MapState<String, AppliedEvent> applied;
    private final MapState<Long, SkippedRange> skipped;
    private final MapState<Long, String> holds;
    private final MapState<Long, String> rememberedOrder;

    private OrderingState(RuntimeContext context, TypeInformation<E> eventType) {
        progress = context.getState(progressDescriptor());
        buffer = context.getMapState(bufferDescriptor(eventType));
        applied = context.getMapState(appliedDescriptor());
        skipped = context.getMapState(skippedDescriptor());
        holds = context.getMapState(holdsDescriptor());
        rememberedOrder = context.getMapState(rememberedOrderDescriptor());
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

    /** Held sequence number to the reference of its dead letter ("" where unknown). */
    static MapStateDescriptor<Long, String> holdsDescriptor() {
        return new MapStateDescriptor<>(HOLDS, Types.LONG, Types.STRING);
    }

    /** Queue slot to eventId, in the order remembered: expiry pops from the front, O(1) amortized per event. */
    static MapStateDescriptor<Long, String> rememberedOrderDescriptor() {
        return new MapStateDescriptor<>(REMEMBERED_ORDER, Types.LONG, Types.STRING);
    }

    static <E> List<StateDescriptor<?, ?>> descriptors(TypeInformation<E> eventType) {
        return List.of(progressDescriptor(), bufferDescriptor(eventType), appliedDescriptor(), skippedDescriptor(),
                holdsDescriptor(), rememberedOrderDescriptor());
    }

    /** The aggregate's progress; one restored from a v1 savepoint gets its remembered eventIds queued first. */
    AggregateProgress progress() throws Exception {
        AggregateProgress value = progress.value();
        if (value != null && !value.queued) {
            queueV1Memory(value);
        }
        return value;
    }

    /** Once per aggregate restored from v1: its eventIds join the expiry queue, oldest first. */
    private void queueV1Memory(AggregateProgress value) throws Exception {
        List<Map.Entry<String, AppliedEvent>> entries = new ArrayList<>();
        for (Map.Entry<String, AppliedEvent> entry : applied.entries()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        entries.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(e -> e.appliedAt)));
        for (Map.Entry<String, AppliedEvent> entry : entries) {
            spill(entry.getKey(), entry.getValue(), value); // already in the map: it joins the queue
        }
        value.queued = true;
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

    // ---------------------------------------------------------------- holds

    void hold(long sequence, String deadLetterRef, AggregateProgress progress) throws Exception {
        if (!holds.contains(sequence)) {
            progress.holds++;
        }
        holds.put(sequence, deadLetterRef == null ? "" : deadLetterRef);
        progress.heldAt = progress.heldAt == 0 ? sequence : Math.min(progress.heldAt, sequence);
    }

    boolean isHeld(long sequence, AggregateProgress progress) throws Exception {
        return progress.holds > 0 && sequence >= progress.heldAt && holds.contains(sequence);
    }

    String holdRef(long sequence) throws Exception {
        return holds.get(sequence);
    }

    /** Forgets a hold; the next lowest becomes {@code heldAt} (holds are few: one per dead-lettered number). */
    void release(long sequence, AggregateProgress progress) throws Exception {
        if (!isHeld(sequence, progress)) {
            return;
        }
        holds.remove(sequence);
        progress.holds--;
        if (progress.heldAt == sequence) {
            long lowest = 0;
            if (progress.holds > 0) {
                for (Long held : holds.keys()) {
                    lowest = lowest == 0 ? held : Math.min(lowest, held);
                }
            }
            progress.heldAt = lowest;
        }
    }

    // ---------------------------------------------------------------- eventId memory

    /** The remembered event under {@code eventId}: the recent ones in the progress first, then the map if it holds any. */
    AppliedEvent applied(String eventId, AggregateProgress progress) throws Exception {
        AppliedEvent recent = progress.recent().find(eventId);
        if (recent != null || !progress.remembersInMap()) {
            return recent;
        }
        return applied.get(eventId);
    }

    /**
     * Remembers an eventId among the recent ones in the progress. When they are full, the oldest leaves: a
     * sequenced one is forgotten (its number dedupes it from now on, see {@link RecentEvents}); an unsequenced one
     * moves to the map and the back of its expiry queue, so the map only ever holds ids older than the recent ones.
     */
    void remember(String eventId, AppliedEvent event, AggregateProgress progress) throws Exception {
        RecentEvents recent = progress.recent();
        // A loop, not one step: progress restored from before the window can hold up to 32 recent ids.
        while (recent.isFull()) {
            AppliedEvent oldest = recent.event(0);
            if (oldest.sequence == AppliedEvent.UNSEQUENCED) {
                spill(recent.id(0), oldest, progress);
            }
            recent.dropOldest(1);
        }
        recent.add(eventId, event);
    }

    /**
     * Whether an applied sequence number whose eventId is not remembered must be a conflict: it lies at or above the
     * window's lowest number, so the window would hold its event (another eventId holds it there, or it was consumed
     * by a conflict). Below the window only the number is known.
     */
    boolean windowCovers(long sequence, AggregateProgress progress) {
        return sequence >= progress.recent().lowestSequence();
    }

    private void spill(String eventId, AppliedEvent event, AggregateProgress progress) throws Exception {
        event.slot = progress.rememberedTail++;
        applied.put(eventId, event);
        rememberedOrder.put(event.slot, eventId);
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

    /** Forgets the recent eventIds remembered before {@code expiredBefore}; returns the oldest time left. */
    private static long forgetRecentBefore(long expiredBefore, AggregateProgress progress) {
        RecentEvents recent = progress.recent();
        int expired = 0;
        while (expired < recent.size() && recent.appliedAt[expired] < expiredBefore) {
            expired++;
        }
        if (expired > 0) {
            recent.dropOldest(expired);
        }
        return recent.size() == 0 ? Long.MAX_VALUE : recent.appliedAt[0];
    }

    /**
     * Forgets eventIds and skipped ranges older than {@code expiredBefore}. The map's ids are older than the
     * recent ones in the progress, so those are looked at only once the map's queue is empty. EventIds leave from the front of their
     * queue, so each is visited once when remembered and once when forgotten, however many the aggregate holds.
     * Removes by key, not through an iterator: the heap backend drops a map emptied by {@code remove}, but keeps
     * one emptied through its iterator.
     *
     * @return the oldest remaining remembered time, or {@link Long#MAX_VALUE} when nothing is left
     */
    long forgetBefore(long expiredBefore, AggregateProgress progress) throws Exception {
        long oldest = Long.MAX_VALUE;
        while (progress.rememberedHead < progress.rememberedTail) {
            long slot = progress.rememberedHead;
            String eventId = rememberedOrder.get(slot);
            AppliedEvent event = eventId == null ? null : applied.get(eventId);
            if (event != null && event.slot == slot && event.appliedAt >= expiredBefore) {
                oldest = event.appliedAt;
                break;
            }
            if (event != null && event.slot == slot) {
                applied.remove(eventId);
            }
            rememberedOrder.remove(slot);
            progress.rememberedHead++;
        }
        if (!progress.remembersInMap()) {
            oldest = forgetRecentBefore(expiredBefore, progress);
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
}
