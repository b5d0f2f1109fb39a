package io.eventline.common.ordering;

import io.eventline.contracts.OrderingReasons;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.event.EventAccessor;
import io.eventline.deadletter.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;

/**
 * Deduplication and reordering of one aggregate's events, independent of the Flink function that hosts it. See
 * {@link OrderingFunction} for the semantics.
 */
final class OrderingCore<E> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Operator (not keyed) state: the subtask's buffered count, so the gauge is right after a restore. */
    static final String BUFFERED_COUNT = "ordering-buffered-count";
    /** Operator state: the subtask's buffered bytes, for the byte budget. */
    static final String BUFFERED_BYTES = "ordering-buffered-bytes";

    private final EventAccessor<E> accessor;
    private final TypeInformation<E> eventType;
    private final OrderingConfig config;
    private final long gapTimeoutMs;
    private final long ttlMs;
    private final boolean logClock;

    private transient OrderingState<E> state;
    private transient OrderingMetrics metrics;
    private transient ListState<Long> bufferedCountState;
    private transient ListState<Long> bufferedBytesState;
    /** Read by the metric reporter's thread. */
    private transient volatile long bufferedOnSubtask;
    private transient long bufferedBytesOnSubtask;
    /** Serializes events to measure them for the byte budget, and copies them where input objects are reused. */
    private transient TypeSerializer<E> serializer;
    private transient boolean copyBeforeKeeping;
    private transient DataOutputSerializer measureBuffer;

    OrderingCore(EventAccessor<E> accessor, TypeInformation<E> eventType, OrderingConfig config) {
        this.accessor = Objects.requireNonNull(accessor, "accessor");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.config = Objects.requireNonNull(config, "config");
        this.gapTimeoutMs = config.gapTimeout().toMillis();
        this.ttlMs = config.dedupeTtl().toMillis();
        this.logClock = config.clock() == OrderingClock.LOG;
    }

    void initializeState(FunctionInitializationContext context) throws Exception {
        bufferedCountState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(BUFFERED_COUNT, Types.LONG));
        bufferedBytesState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(BUFFERED_BYTES, Types.LONG));
        bufferedOnSubtask = sum(bufferedCountState);
        bufferedBytesOnSubtask = sum(bufferedBytesState);
    }

    private static long sum(ListState<Long> list) throws Exception {
        long sum = 0;
        for (Long value : list.get()) {
            sum += value;
        }
        return sum;
    }

    void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferedCountState.update(List.of(bufferedOnSubtask));
        bufferedBytesState.update(List.of(bufferedBytesOnSubtask));
    }

    void open(RuntimeContext context) {
        state = OrderingState.open(context, eventType);
        serializer = context.createSerializer(eventType);
        copyBeforeKeeping = context.isObjectReuseEnabled();
        measureBuffer = new DataOutputSerializer(512);
        metrics = new OrderingMetrics(context.getMetricGroup(), () -> bufferedOnSubtask);
    }

    OrderingMetrics metrics() {
        return metrics;
    }

    // ---------------------------------------------------------------- clock

    /**
     * The aggregate's clock reading for an event: its record timestamp on the log's clock (never moving the
     * aggregate's time back), else processing time (PROCESSING clock, or an event without a timestamp).
     */
    private long readClock(AggregateProgress progress, OrderingOutput<E> out) {
        Long timestamp = logClock ? out.timestamp() : null;
        boolean onLog = timestamp != null;
        long reading = onLog ? timestamp : out.timers().currentProcessingTime();
        if (onLog == progress.onLogClock) {
            progress.lastActivityAt = Math.max(progress.lastActivityAt, reading);
            return progress.lastActivityAt;
        }
        // The aggregate's events changed clocks (timestamps appeared or vanished): its timers move to the new one.
        boolean gapPending = progress.gapTimerAt != 0;
        cancelGapTimer(progress, out);
        if (progress.cleanupTimerAt != 0) {
            deleteTimer(progress, out, progress.cleanupTimerAt);
            progress.cleanupTimerAt = 0;
        }
        progress.onLogClock = onLog;
        progress.lastActivityAt = reading;
        if (gapPending) {
            startGapTimer(progress, out, reading);
        }
        return reading;
    }

    /** For a command: the aggregate's latest time, or the event input's watermark if the log has moved further. */
    private long commandClock(AggregateProgress progress, OrderingOutput<E> out) {
        long reading = progress.onLogClock ? out.timers().currentWatermark() : out.timers().currentProcessingTime();
        progress.lastActivityAt = Math.max(progress.lastActivityAt, reading);
        return progress.lastActivityAt;
    }

    // ---------------------------------------------------------------- events

    void onEvent(E event, OrderingOutput<E> out) throws Exception {
        AggregateProgress progress = state.progress();
        if (progress == null) {
            progress = AggregateProgress.fresh();
        }
        long now = readClock(progress, out);
        route(event, progress, out, now);
        ensureCleanupTimer(progress, out);
        state.update(progress);
    }

    private void route(E event, AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        String replayStage = accessor.replayStage(event);
        if (progress.parked && replayStage == null) {
            deadLetter(event, OrderingReasons.PARKED,
                    "aggregate parked at sequence number " + progress.nextExpected + "; waiting for UNPARK", out, now);
            return;
        }
        Long sequence = accessor.sequenceNumber(event);
        if (sequence == null) {
            onUnsequenced(event, progress, out, now);
            return;
        }
        if (sequence < 1 || sequence == Long.MAX_VALUE) {
            // MAX_VALUE is refused so that the next expected number (sequence + 1) can never wrap.
            deadLetter(event, OrderingReasons.INVALID_SEQUENCE,
                    "sequence numbers start at 1 and end before " + Long.MAX_VALUE, out, now);
            return;
        }
        String eventId = accessor.eventId(event);
        AppliedEvent applied = state.applied(eventId, progress);
        if (applied != null) {
            if (applied.sequence == sequence && applied.fingerprint == accessor.fingerprint(event)) {
                if (failedAfterOrdering(replayStage)) {
                    // Released before, then rejected downstream: hand it on again, the projection decides.
                    passThrough(event, out);
                } else {
                    metrics.duplicatesDropped().inc();
                }
            } else {
                conflict(event, applied.sequence == sequence
                        ? "eventId already applied with different content"
                        : "eventId already applied at sequence number " + applied.sequence, out, now);
            }
            return;
        }
        if (sequence < progress.nextExpected) {
            if (replayStage != null && (failedAfterOrdering(replayStage) || state.wasSkipped(sequence, progress))) {
                // A replay of an event whose number was given up on (late-after-skip, or a record that failed to
                // decode while its gap timed out), or of one released long enough ago to be forgotten: applied
                // out of band, remembered so that another copy is a duplicate.
                passThrough(event, out);
                state.remember(eventId, new AppliedEvent(sequence, accessor.fingerprint(event), now), progress);
                return;
            }
            // Below the applied mark with an eventId not remembered: the number was given up on, or taken by another
            // event inside the recent window; below the window it is a copy of an applied number, dropped by the
            // number (issue 12: dedupe by sequence number, eventIds only for the recent window).
            if (state.wasSkipped(sequence, progress)) {
                deadLetter(event, OrderingReasons.LATE_AFTER_SKIP,
                        "sequence number " + sequence + " arrived after its gap was skipped", out, now);
            } else if (state.windowCovers(sequence, progress)) {
                conflict(event, "sequence number " + sequence + " already applied with another eventId", out, now);
            } else {
                metrics.duplicatesDropped().inc();
                metrics.duplicatesBeyondWindow().inc();
            }
            return;
        }
        if (sequence - progress.nextExpected > config.maxSequenceJump()) {
            deadLetter(event, OrderingReasons.SEQUENCE_JUMP, "sequence number " + sequence + " is more than "
                    + config.maxSequenceJump() + " ahead of the next expected " + progress.nextExpected, out, now);
            return;
        }
        if (sequence == progress.nextExpected) {
            // On a parked aggregate only a replay gets here: it fills the gap the aggregate waits for, so the
            // aggregate resumes. On a held one, this is the held event (replayed or redelivered): the hold ends.
            progress.parked = false;
            state.release(sequence, progress);
            apply(event, eventId, sequence, progress, out, now);
            settleHead(progress, out, now);
            restartGapTimer(progress, out, now);
            return;
        }
        E waiting = progress.buffered > 0 ? state.buffered(sequence) : null;
        if (waiting != null) {
            if (!eventId.equals(accessor.eventId(waiting))) {
                conflict(event, "sequence number " + sequence + " already waits with another eventId", out, now);
            } else if (accessor.fingerprint(waiting) == accessor.fingerprint(event)) {
                metrics.duplicatesDropped().inc();
            } else {
                conflict(event, "eventId already waits with different content", out, now);
            }
            return;
        }
        int size = sizeOf(event);
        boolean full = progress.buffered >= config.maxBufferedPerAggregate()
                || bufferedBytesOnSubtask + size > config.maxBufferedBytesPerSubtask();
        if (full) {
            if (progress.heldAt != 0 && progress.heldAt < sequence) {
                // Cannot apply before the held number is replayed anyway: one more for the same replay.
                deadLetter(event, OrderingReasons.PARKED, "aggregate held at sequence number " + progress.heldAt
                        + holdSuffix(progress.heldAt) + " with its buffer full; replay the held event", out, now);
            } else {
                deadLetter(event, OrderingReasons.BUFFER_OVERFLOW, overflowMessage(progress, size), out, now);
                // Its number must not be skipped over: the aggregate holds there until the replay arrives.
                state.hold(sequence, null, progress);
                metrics.holds().inc();
            }
            return;
        }
        // The heap backend keeps the reference: with object reuse, the runtime could overwrite a waiting event.
        state.buffer(sequence, copyBeforeKeeping ? serializer.copy(event) : event);
        state.release(sequence, progress);
        progress.buffered++;
        progress.bufferedBytes += size;
        bufferedOnSubtask++;
        bufferedBytesOnSubtask += size;
        if (progress.gapTimerAt == 0 && !progress.parked && !progress.heldAtHead()) {
            startGapTimer(progress, out, now);
        }
    }

    private String overflowMessage(AggregateProgress progress, int size) {
        if (progress.buffered >= config.maxBufferedPerAggregate()) {
            return config.maxBufferedPerAggregate() + " events already wait for sequence number "
                    + progress.nextExpected;
        }
        return "buffered events of this subtask would exceed " + config.maxBufferedBytesPerSubtask() + " bytes ("
                + bufferedBytesOnSubtask + " + " + size + ")";
    }

    private String holdSuffix(long sequence) throws Exception {
        String ref = state.holdRef(sequence);
        return ref == null || ref.isEmpty() ? "" : " (dead letter " + ref + ")";
    }

    private int sizeOf(E event) throws IOException {
        measureBuffer.clear();
        serializer.serialize(event, measureBuffer);
        return measureBuffer.length();
    }

    /** Whether a replay comes from a stage after this operator, i.e. this operator released the event before. */
    private static boolean failedAfterOrdering(String replayStage) {
        return "project".equals(replayStage) || "sink".equals(replayStage);
    }

    /**
     * Emits a replayed event that this operator released (or gave up waiting for) before. Safe because the
     * projections never apply an event at or below their own last applied sequence number: a copy of an event
     * they applied is rejected there ({@code stale-sequence}), never applied twice.
     */
    private void passThrough(E event, OrderingOutput<E> out) {
        metrics.replaysAdmitted().inc();
        out.emit(event);
    }

    private void onUnsequenced(E event, AggregateProgress progress, OrderingOutput<E> out, long now)
            throws Exception {
        if (!config.allowUnsequenced()) {
            deadLetter(event, OrderingReasons.MISSING_SEQUENCE, "event has no sequence number", out, now);
            return;
        }
        String eventId = accessor.eventId(event);
        long fingerprint = accessor.fingerprint(event);
        AppliedEvent applied = state.applied(eventId, progress);
        if (applied == null) {
            out.emit(event);
            state.remember(eventId, new AppliedEvent(AppliedEvent.UNSEQUENCED, fingerprint, now), progress);
        } else if (applied.sequence == AppliedEvent.UNSEQUENCED && applied.fingerprint == fingerprint) {
            metrics.duplicatesDropped().inc();
        } else {
            conflict(event, "eventId already applied with different content", out, now);
        }
    }

    private void apply(E event, String eventId, long sequence, AggregateProgress progress, OrderingOutput<E> out,
            long now) throws Exception {
        out.emit(event);
        state.remember(eventId, new AppliedEvent(sequence, accessor.fingerprint(event), now), progress);
        progress.nextExpected = sequence + 1;
    }

    /**
     * Applies the waiting events that are now contiguous with the applied mark, up to the next held number; under
     * {@link PoisonPolicy#SKIP} a held number reached here is given up on and the release goes on past it.
     */
    private void settleHead(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        while (true) {
            releaseRun(progress, out, now);
            if (!progress.heldAtHead() || config.poisonPolicy() != PoisonPolicy.SKIP) {
                return;
            }
            long held = progress.nextExpected;
            state.release(held, progress);
            state.skip(held, held, now, progress);
            progress.nextExpected = held + 1;
        }
    }

    private void releaseRun(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        while (progress.buffered > 0) {
            long sequence = progress.nextExpected;
            E next = state.buffered(sequence);
            if (next == null) {
                return;
            }
            state.unbuffer(sequence);
            int size = sizeOf(next);
            progress.buffered--;
            progress.bufferedBytes -= size;
            bufferedOnSubtask--;
            bufferedBytesOnSubtask -= size;
            String eventId = accessor.eventId(next);
            AppliedEvent earlier = state.applied(eventId, progress);
            if (earlier == null) {
                apply(next, eventId, sequence, progress, out, now);
            } else {
                // The same eventId was applied at another number while this copy waited: it must not apply twice.
                conflict(next, "eventId already applied at sequence number " + earlier.sequence, out, now);
                progress.nextExpected = sequence + 1;
            }
        }
    }

    // ---------------------------------------------------------------- commands

    void onCommand(OrderingCommand command, OrderingOutput<E> out) throws Exception {
        if (command == null || command.type == null) {
            return;
        }
        switch (command.type) {
            case UNPARK -> unpark(out);
            case HOLD -> hold(command, out);
        }
    }

    private void unpark(OrderingOutput<E> out) throws Exception {
        AggregateProgress progress = state.progress();
        if (progress == null || !(progress.parked || progress.heldAtHead())) {
            return; // nothing to resume; do not create state for unknown aggregates
        }
        long now = commandClock(progress, out);
        if (progress.heldAtHead()) {
            // Accept the loss of the held event: its number is skipped, so its replay is a late event.
            long held = progress.nextExpected;
            state.release(held, progress);
            state.skip(held, held, now, progress);
            progress.nextExpected = held + 1;
        }
        if (progress.parked) {
            progress.parked = false;
            skipToWaiting(progress, now);
        }
        settleHead(progress, out, now);
        restartGapTimer(progress, out, now);
        ensureCleanupTimer(progress, out);
        state.update(progress);
    }

    private void hold(OrderingCommand command, OrderingOutput<E> out) throws Exception {
        AggregateProgress progress = state.progress();
        if (progress == null) {
            progress = AggregateProgress.fresh();
        }
        long sequence = command.sequenceNumber;
        if (sequence < progress.nextExpected || sequence == Long.MAX_VALUE
                || (progress.buffered > 0 && state.buffered(sequence) != null)) {
            // Already applied or skipped, or a good copy already waits: nothing to hold back.
            metrics.holdsIgnored().inc();
            return; // and creates no state for an unknown aggregate
        }
        long now = commandClock(progress, out);
        state.hold(sequence, command.deadLetterRef, progress);
        metrics.holds().inc();
        if (progress.heldAtHead()) {
            if (config.poisonPolicy() == PoisonPolicy.SKIP) {
                settleHead(progress, out, now);
                restartGapTimer(progress, out, now);
                ensureCleanupTimer(progress, out);
            } else {
                cancelGapTimer(progress, out); // no gap timeout applies to a held number
            }
        }
        state.update(progress);
    }

    // ---------------------------------------------------------------- timers

    void onTimer(long timestamp, boolean eventTime, OrderingOutput<E> out) throws Exception {
        AggregateProgress progress = state.progress();
        if (progress == null || eventTime != progress.onLogClock) {
            return; // a timer of the other clock, left from before the aggregate's clock changed: stale
        }
        progress.lastActivityAt = Math.max(progress.lastActivityAt, timestamp);
        long now = timestamp;
        if (timestamp == progress.gapTimerAt) {
            progress.gapTimerAt = 0;
            onGapTimeout(progress, out, now);
        }
        if (timestamp == progress.cleanupTimerAt) {
            progress.cleanupTimerAt = 0;
            cleanUp(progress, out, now);
        }
        ensureCleanupTimer(progress, out); // a gap just skipped is remembered too
        state.update(progress);
    }

    private void onGapTimeout(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        if (progress.buffered == 0 || progress.parked || progress.heldAtHead()) {
            return;
        }
        metrics.gapsTimedOut().inc();
        long first = progress.nextExpected;
        long last = waitingFrom(progress) - 1;
        String missing = first == last ? "sequence number " + first : "sequence numbers " + first + ".." + last;
        if (config.gapPolicy() == GapPolicy.PARK) {
            progress.parked = true;
            gapRecord(out, first, OrderingReasons.PARK_MESSAGE + ": " + missing + " missing after " + config.gapTimeout()
                    + "; UNPARK skips the gap and releases the " + progress.buffered + " waiting events", now);
            return;
        }
        gapRecord(out, first, missing + " skipped after " + config.gapTimeout(), now);
        skipToWaiting(progress, now);
        settleHead(progress, out, now);
        if (progress.buffered > 0 && !progress.heldAtHead()) {
            startGapTimer(progress, out, now);
        }
    }

    /** Where the gap at the head ends: the lowest waiting event, or a held number before it. */
    private long waitingFrom(AggregateProgress progress) throws Exception {
        long lowest = progress.buffered == 0 ? Long.MAX_VALUE : state.lowestBuffered();
        return progress.heldAt > progress.nextExpected ? Math.min(lowest, progress.heldAt) : lowest;
    }

    private void skipToWaiting(AggregateProgress progress, long now) throws Exception {
        if (progress.buffered == 0) {
            return;
        }
        long target = waitingFrom(progress);
        if (target > progress.nextExpected && target != Long.MAX_VALUE) {
            state.skip(progress.nextExpected, target - 1, now, progress);
            progress.nextExpected = target;
        }
    }

    /**
     * Forgets eventIds and skipped ranges older than the TTL and re-arms itself for the next expiry. The progress
     * stays, whatever the idle time: a quiet aggregate continues at its next number.
     */
    private void cleanUp(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        long oldestRemembered = state.forgetBefore(saturatingSubtract(now, ttlMs) + 1, progress);
        if (oldestRemembered != Long.MAX_VALUE) {
            // Never at or before now: a timer due now would fire again at once and spin.
            registerCleanupTimer(progress, out, Math.max(saturatingAdd(oldestRemembered, ttlMs), now + 1));
        }
    }

    // ---------------------------------------------------------------- timer bookkeeping

    private boolean remembersAnything(AggregateProgress progress) {
        return progress.remembersInMap() || progress.recent().size() > 0 || progress.skippedRanges > 0;
    }

    private void ensureCleanupTimer(AggregateProgress progress, OrderingOutput<E> out) {
        // Lazy: one timer per aggregate, re-armed when it fires, so a busy aggregate costs no timer churn.
        if (progress.cleanupTimerAt == 0 && remembersAnything(progress)) {
            registerCleanupTimer(progress, out, saturatingAdd(progress.lastActivityAt, ttlMs));
        }
    }

    private void registerCleanupTimer(AggregateProgress progress, OrderingOutput<E> out, long at) {
        register(progress, out, at);
        progress.cleanupTimerAt = at;
    }

    private void startGapTimer(AggregateProgress progress, OrderingOutput<E> out, long now) {
        long at = saturatingAdd(now, gapTimeoutMs);
        register(progress, out, at);
        progress.gapTimerAt = at;
    }

    private static void register(AggregateProgress progress, OrderingOutput<?> out, long at) {
        if (progress.onLogClock) {
            out.timers().registerEventTimeTimer(at);
        } else {
            out.timers().registerProcessingTimeTimer(at);
        }
    }

    /** The gap at the head moved: its timeout starts over, or ends when nothing waits or the head is held. */
    private void restartGapTimer(AggregateProgress progress, OrderingOutput<E> out, long now) {
        cancelGapTimer(progress, out);
        if (progress.buffered > 0 && !progress.heldAtHead() && !progress.parked) {
            startGapTimer(progress, out, now);
        }
    }

    private void cancelGapTimer(AggregateProgress progress, OrderingOutput<E> out) {
        if (progress.gapTimerAt == 0) {
            return;
        }
        // Timers with the same key and time are one timer in Flink: keep it if the cleanup timer shares it.
        if (progress.gapTimerAt != progress.cleanupTimerAt) {
            deleteTimer(progress, out, progress.gapTimerAt);
        }
        progress.gapTimerAt = 0;
    }

    private static void deleteTimer(AggregateProgress progress, OrderingOutput<?> out, long at) {
        if (progress.onLogClock) {
            out.timers().deleteEventTimeTimer(at);
        } else {
            out.timers().deleteProcessingTimeTimer(at);
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatingSubtract(long a, long b) {
        long difference = a - b;
        return ((a ^ b) & (a ^ difference)) < 0 ? Long.MIN_VALUE : difference;
    }

    // ---------------------------------------------------------------- dead letters

    private void conflict(E event, String message, OrderingOutput<E> out, long now) {
        metrics.conflicts().inc();
        deadLetter(event, OrderingReasons.CONFLICT, message, out, now);
    }

    /** {@code failedAt} is the clock reading: on the log's clock, a replay of the same records writes the same one. */
    private void deadLetter(E event, String reason, String message, OrderingOutput<E> out, long now) {
        metrics.deadLetters(reason).inc();
        out.deadLetter(DeadLetters.forEvent(event, accessor, Stage.ORDER, reason, message, config.jobName())
                .setFailedAt(Instant.ofEpochMilli(now))
                .build());
    }

    private void gapRecord(OrderingOutput<E> out, long firstMissing, String message, long now) {
        metrics.deadLetters(OrderingReasons.GAP_TIMEOUT).inc();
        out.deadLetter(DeadLetters.builder(Stage.ORDER, OrderingReasons.GAP_TIMEOUT, message, config.jobName())
                .setAggregateId(out.key())
                .setSequenceNumber(firstMissing)
                .setFailedAt(Instant.ofEpochMilli(now))
                .build());
    }
}
