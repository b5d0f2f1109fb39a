package io.eventline.common.ordering;

import io.eventline.contracts.OrderingReasons;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.event.EventAccessor;
import io.eventline.deadletter.DeadLetter;
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

    private final EventAccessor<E> accessor;
    private final TypeInformation<E> eventType;
    private final OrderingConfig config;
    private final long gapTimeoutMs;
    private final long ttlMs;

    private transient OrderingState<E> state;
    private transient OrderingMetrics metrics;
    private transient ListState<Long> bufferedCountState;
    /** Read by the metric reporter's thread. */
    private transient volatile long bufferedOnSubtask;
    /** Copies an event before it is kept, when the runtime may reuse input objects; null otherwise. */
    private transient TypeSerializer<E> copier;

    OrderingCore(EventAccessor<E> accessor, TypeInformation<E> eventType, OrderingConfig config) {
        this.accessor = Objects.requireNonNull(accessor, "accessor");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.config = Objects.requireNonNull(config, "config");
        this.gapTimeoutMs = config.gapTimeout().toMillis();
        this.ttlMs = config.dedupeTtl().toMillis();
    }

    void initializeState(FunctionInitializationContext context) throws Exception {
        bufferedCountState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>(BUFFERED_COUNT, Types.LONG));
        bufferedOnSubtask = 0;
        for (Long count : bufferedCountState.get()) {
            bufferedOnSubtask += count;
        }
    }

    void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferedCountState.update(List.of(bufferedOnSubtask));
    }

    void open(RuntimeContext context) {
        state = OrderingState.open(context, eventType);
        copier = context.isObjectReuseEnabled() ? context.createSerializer(eventType) : null;
        metrics = new OrderingMetrics(context.getMetricGroup(), () -> bufferedOnSubtask);
    }

    OrderingMetrics metrics() {
        return metrics;
    }

    // ---------------------------------------------------------------- events

    void onEvent(E event, OrderingOutput<E> out) throws Exception {
        long now = out.timers().currentProcessingTime();
        AggregateProgress progress = state.progress();
        if (progress == null) {
            progress = AggregateProgress.fresh();
        }
        progress.lastActivityAt = now;
        route(event, progress, out, now);
        ensureCleanupTimer(progress, out, now);
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
            onUnsequenced(event, out, now);
            return;
        }
        if (sequence < 1) {
            deadLetter(event, OrderingReasons.INVALID_SEQUENCE, "sequence numbers start at 1", out, now);
            return;
        }
        String eventId = accessor.eventId(event);
        AppliedEvent applied = state.applied(eventId);
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
                state.remember(eventId, new AppliedEvent(sequence, accessor.fingerprint(event), now));
                return;
            }
            // Below the applied mark with an eventId not remembered: the number was given up on, or taken by another
            // event (or by this one longer than dedupeTtl ago, which is indistinguishable and as unsafe to apply).
            if (state.wasSkipped(sequence, progress)) {
                deadLetter(event, OrderingReasons.LATE_AFTER_SKIP,
                        "sequence number " + sequence + " arrived after its gap was skipped", out, now);
            } else {
                conflict(event, "sequence number " + sequence + " already applied with another eventId", out, now);
            }
            return;
        }
        if (sequence == progress.nextExpected) {
            // On a parked aggregate only a replay gets here: it fills the gap the aggregate waits for, so the
            // aggregate resumes; a gap still open behind the released run gets a timeout of its own.
            progress.parked = false;
            apply(event, eventId, sequence, progress, out, now);
            releaseRun(progress, out, now);
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
        if (progress.buffered >= config.maxBufferedPerAggregate()) {
            deadLetter(event, OrderingReasons.BUFFER_OVERFLOW, config.maxBufferedPerAggregate()
                    + " events already wait for sequence number " + progress.nextExpected, out, now);
            return;
        }
        // The heap backend keeps the reference: with object reuse, the runtime could overwrite a waiting event.
        state.buffer(sequence, copier == null ? event : copier.copy(event));
        progress.buffered++;
        bufferedOnSubtask++;
        if (progress.gapTimerAt == 0 && !progress.parked) {
            startGapTimer(progress, out, now);
        }
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

    private void onUnsequenced(E event, OrderingOutput<E> out, long now) throws Exception {
        if (!config.allowUnsequenced()) {
            deadLetter(event, OrderingReasons.MISSING_SEQUENCE, "event has no sequence number", out, now);
            return;
        }
        String eventId = accessor.eventId(event);
        long fingerprint = accessor.fingerprint(event);
        AppliedEvent applied = state.applied(eventId);
        if (applied == null) {
            out.emit(event);
            state.remember(eventId, new AppliedEvent(AppliedEvent.UNSEQUENCED, fingerprint, now));
        } else if (applied.sequence == AppliedEvent.UNSEQUENCED && applied.fingerprint == fingerprint) {
            metrics.duplicatesDropped().inc();
        } else {
            conflict(event, "eventId already applied with different content", out, now);
        }
    }

    private void apply(E event, String eventId, long sequence, AggregateProgress progress, OrderingOutput<E> out,
            long now) throws Exception {
        out.emit(event);
        state.remember(eventId, new AppliedEvent(sequence, accessor.fingerprint(event), now));
        progress.nextExpected = sequence + 1;
    }

    /** Applies the waiting events that are now contiguous with the applied mark. */
    private void releaseRun(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        while (progress.buffered > 0) {
            long sequence = progress.nextExpected;
            E next = state.buffered(sequence);
            if (next == null) {
                return;
            }
            state.unbuffer(sequence);
            progress.buffered--;
            bufferedOnSubtask--;
            String eventId = accessor.eventId(next);
            AppliedEvent earlier = state.applied(eventId);
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
        if (command == null || command.type != OrderingCommand.Type.UNPARK) {
            return;
        }
        AggregateProgress progress = state.progress();
        if (progress == null || !progress.parked) {
            return; // nothing to resume; do not create state for unknown aggregates
        }
        long now = out.timers().currentProcessingTime();
        progress.parked = false;
        progress.lastActivityAt = now;
        skipToLowestBuffered(progress, now);
        releaseRun(progress, out, now);
        restartGapTimer(progress, out, now);
        ensureCleanupTimer(progress, out, now);
        state.update(progress);
    }

    // ---------------------------------------------------------------- timers

    void onTimer(long timestamp, OrderingOutput<E> out) throws Exception {
        AggregateProgress progress = state.progress();
        if (progress == null) {
            return;
        }
        if (timestamp == progress.gapTimerAt) {
            progress.gapTimerAt = 0;
            onGapTimeout(progress, out, timestamp);
        }
        if (timestamp == progress.cleanupTimerAt) {
            progress.cleanupTimerAt = 0;
            if (cleanUp(progress, out, timestamp)) {
                return;
            }
        }
        state.update(progress);
    }

    private void onGapTimeout(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        if (progress.buffered == 0 || progress.parked) {
            return;
        }
        metrics.gapsTimedOut().inc();
        long first = progress.nextExpected;
        long last = state.lowestBuffered() - 1;
        String missing = first == last ? "sequence number " + first : "sequence numbers " + first + ".." + last;
        if (config.gapPolicy() == GapPolicy.PARK) {
            progress.parked = true;
            gapRecord(out, first, OrderingReasons.PARK_MESSAGE + ": " + missing + " missing after " + config.gapTimeout()
                    + "; UNPARK skips the gap and releases the " + progress.buffered + " waiting events", now);
            return;
        }
        gapRecord(out, first, missing + " skipped after " + config.gapTimeout(), now);
        skipToLowestBuffered(progress, now);
        releaseRun(progress, out, now);
        if (progress.buffered > 0) {
            startGapTimer(progress, out, now);
        }
    }

    private void skipToLowestBuffered(AggregateProgress progress, long now) throws Exception {
        if (progress.buffered == 0) {
            return;
        }
        long lowest = state.lowestBuffered();
        if (lowest > progress.nextExpected) {
            state.skip(progress.nextExpected, lowest - 1, now, progress);
            progress.nextExpected = lowest;
        }
    }

    /**
     * Forgets what is older than the TTL, and the whole aggregate once it is idle, waits for nothing and remembers
     * nothing. Re-arms itself for the next expiry otherwise.
     *
     * @return whether the aggregate's state was cleared
     */
    private boolean cleanUp(AggregateProgress progress, OrderingOutput<E> out, long now) throws Exception {
        long oldestRemembered = state.forgetBefore(now - ttlMs + 1, progress);
        boolean idle = progress.lastActivityAt + ttlMs <= now;
        if (idle && oldestRemembered == Long.MAX_VALUE && progress.buffered == 0 && !progress.parked) {
            state.clearEmptied();
            return true;
        }
        long next = Math.min(oldestRemembered == Long.MAX_VALUE ? Long.MAX_VALUE : oldestRemembered + ttlMs,
                idle ? Long.MAX_VALUE : progress.lastActivityAt + ttlMs);
        // Never at or before now: a timer due now would fire again at once and spin.
        registerCleanupTimer(progress, out, next > now && next != Long.MAX_VALUE ? next : now + ttlMs);
        return false;
    }

    // ---------------------------------------------------------------- timer bookkeeping

    private void ensureCleanupTimer(AggregateProgress progress, OrderingOutput<E> out, long now) {
        // Lazy: one timer per aggregate, re-armed when it fires, so a busy aggregate costs no timer churn.
        if (progress.cleanupTimerAt == 0) {
            registerCleanupTimer(progress, out, now + ttlMs);
        }
    }

    private void registerCleanupTimer(AggregateProgress progress, OrderingOutput<E> out, long at) {
        out.timers().registerProcessingTimeTimer(at);
        progress.cleanupTimerAt = at;
    }

    private void startGapTimer(AggregateProgress progress, OrderingOutput<E> out, long now) {
        long at = now + gapTimeoutMs;
        out.timers().registerProcessingTimeTimer(at);
        progress.gapTimerAt = at;
    }

    /** The gap at the head moved: its timeout starts over, or ends when nothing waits. */
    private void restartGapTimer(AggregateProgress progress, OrderingOutput<E> out, long now) {
        cancelGapTimer(progress, out);
        if (progress.buffered > 0) {
            startGapTimer(progress, out, now);
        }
    }

    private void cancelGapTimer(AggregateProgress progress, OrderingOutput<E> out) {
        if (progress.gapTimerAt == 0) {
            return;
        }
        // Timers with the same key and time are one timer in Flink: keep it if the cleanup timer shares it.
        if (progress.gapTimerAt != progress.cleanupTimerAt) {
            out.timers().deleteProcessingTimeTimer(progress.gapTimerAt);
        }
        progress.gapTimerAt = 0;
    }

    // ---------------------------------------------------------------- dead letters

    private void conflict(E event, String message, OrderingOutput<E> out, long now) {
        metrics.conflicts().inc();
        deadLetter(event, OrderingReasons.CONFLICT, message, out, now);
    }

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
