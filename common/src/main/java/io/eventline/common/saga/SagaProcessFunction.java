package io.eventline.common.saga;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sagas of one {@link SagaDefinition}, keyed by saga id: sends each step's command, advances on its success
 * reply, retries with backoff when no reply comes before the step's timeout, and on a failure reply (or retries
 * exhausted) sends the compensations of the completed steps one at a time in reverse order. Replies are
 * deduplicated by reply id; a success reply for a step the saga had given up on (late, after compensation
 * began) gets that step compensated as well. Commands are the main output; every transition emits the saga's
 * {@link SagaInstance} row ({@link #INSTANCES}) and the first final state a {@link SagaOutcome}
 * ({@link #OUTCOMES}). Timers run on processing time: deadlines are promises of participants in wall time.
 * A completed or compensated saga's state and timer are gone {@code finishedRetention} after it ended.
 */
public class SagaProcessFunction extends KeyedProcessFunction<String, SagaInput, SagaCommand> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SagaProcessFunction.class);

    public static final OutputTag<SagaInstance> INSTANCES =
            new OutputTag<>("saga-instances", TypeInformation.of(SagaInstance.class));
    public static final OutputTag<SagaOutcome> OUTCOMES =
            new OutputTag<>("saga-outcomes", TypeInformation.of(SagaOutcome.class));

    private final SagaDefinition definition;

    private transient ValueState<SagaState> state;
    private transient MapState<String, Boolean> seenReplies;
    private transient SagaMetrics metrics;

    public SagaProcessFunction(SagaDefinition definition) {
        this.definition = definition;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("saga-state", TypeInformation.of(SagaState.class)));
        seenReplies = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("saga-seen-replies", Types.STRING, Types.BOOLEAN));
        metrics = new SagaMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SagaInput in, Context ctx, Collector<SagaCommand> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        SagaState s = state.value();
        Transition t = new Transition(ctx, out, now);
        if (in.kind == SagaInput.Kind.START) {
            if (s != null) {
                metrics.duplicateStarts.inc();
                return;
            }
            s = new SagaState();
            s.status = SagaStatus.RUNNING;
            s.startedAt = now;
            s.data = in.data;
            metrics.started.inc();
            t.send(s, 0, false, 1);
            t.commit(s);
            return;
        }
        if (s == null) {
            // Its state expired (finishedRetention) or it never started here: nothing left to advance or undo.
            metrics.repliesForUnknownSagas.inc();
            LOG.warn("reply {} for unknown saga {} ignored", in.messageId, in.sagaId);
            return;
        }
        if (seenReplies.contains(in.messageId)) {
            metrics.duplicateReplies.inc();
            return;
        }
        seenReplies.put(in.messageId, Boolean.TRUE);
        if (onReply(s, in, t)) {
            t.commit(s);
        }
    }

    /** Applies a reply; returns whether the saga changed. */
    private boolean onReply(SagaState s, SagaInput in, Transition t) {
        int index = definition.indexOf(in.step);
        if (index < 0) {
            metrics.lateReplies.inc();
            LOG.warn("reply {} names no step of saga type {}: {}", in.messageId, definition.type(), in.step);
            return false;
        }
        SagaStep step = definition.step(index);
        long bit = 1L << index;
        if (step.compensatedBy(in.replyType)) {
            if (s.compensatingStep != index) {
                metrics.lateReplies.inc();
                return false;
            }
            s.compensatedMask |= bit;
            s.compensatingStep = -1;
            t.nextCompensation(s);
            return true;
        }
        if (s.status == SagaStatus.RUNNING && index == s.step) {
            if (step.advancesOn(in.replyType)) {
                s.completedMask |= bit;
                if (index + 1 < definition.steps().size()) {
                    t.send(s, index + 1, false, 1);
                } else {
                    t.finish(s, SagaStatus.COMPLETED);
                }
            } else {
                s.lastError = step.name() + ": " + in.replyType + (in.reason == null ? "" : " (" + in.reason + ")");
                t.beginCompensation(s, false);
            }
            return true;
        }
        metrics.lateReplies.inc();
        boolean givenUp = s.status != SagaStatus.RUNNING && s.status != SagaStatus.COMPLETED;
        if (givenUp && step.advancesOn(in.replyType) && step.hasCompensation()
                && (s.toCompensateMask & bit) == 0 && (s.completedMask & bit) == 0) {
            // The participant did apply a command the saga had given up on: undo it too.
            LOG.info("saga {}: late {} after compensation began; compensating {} too", in.sagaId, in.replyType, step.name());
            s.toCompensateMask |= bit;
            if (s.status == SagaStatus.COMPENSATED) {
                // Reopened: its retention timer goes, the compensation's deadline comes.
                s.status = SagaStatus.COMPENSATING;
                s.expiresAt = 0;
                s.deadline = 0;
                t.cancelTimer(s);
            }
            t.nextCompensation(s);
            return true;
        }
        return false;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SagaCommand> out) throws Exception {
        SagaState s = state.value();
        if (s == null || timestamp != s.timerAt) {
            return;
        }
        s.timerAt = 0;
        // Decisions are taken at the timer's time, not when it happened to fire: a restored or busy operator
        // schedules the same backoffs.
        long now = timestamp;
        Transition t = new Transition(ctx, out, now);
        if (s.expiresAt > 0 && timestamp >= s.expiresAt) {
            state.clear();
            seenReplies.clear();
            return;
        }
        boolean compensating = s.status == SagaStatus.COMPENSATING || s.status == SagaStatus.STUCK;
        int index = compensating ? s.compensatingStep : s.step;
        SagaStep step = definition.step(index);
        if (s.resendAt > 0) {
            metrics.retries.inc();
            t.send(s, index, compensating, s.attempt);
        } else {
            metrics.deadlineFired(s.deadline, ctx.timerService().currentProcessingTime());
            metrics.stepTimeouts.inc();
            RetryPolicy retry = compensating ? definition.compensationRetry() : step.retry();
            if (compensating && s.attempt >= retry.maxAttempts() && s.status != SagaStatus.STUCK) {
                // Overdue, not abandoned: a compensation that is never sent again leaves the effect it undoes in
                // place for good (a reservation held, a charge standing). STUCK alerts an operator; the retries go
                // on at the policy's capped backoff until the participant answers.
                s.lastError = "compensation of " + step.name() + " overdue after " + s.attempt + " attempts";
                s.status = SagaStatus.STUCK;
                metrics.stuck.inc();
                LOG.error("saga {} is stuck, still retrying: {}", ctx.getCurrentKey(), s.lastError);
            }
            if (s.attempt < retry.maxAttempts() || compensating) {
                s.attempt++;
                s.deadline = 0;
                s.resendAt = now + retry.backoffMillis(ctx.getCurrentKey(), s.attempt);
                LOG.info("saga {}: no reply to {} of {} in time; attempt {} at {}", ctx.getCurrentKey(),
                        compensating ? step.compensationType() : step.commandType(), step.name(), s.attempt, s.resendAt);
                t.setTimer(s, s.resendAt);
            } else {
                s.lastError = step.name() + " timed out after " + s.attempt + " attempts";
                t.beginCompensation(s, step.compensateOnTimeout());
            }
        }
        t.commit(s);
    }

    /** The effects of one input or timer: commands, timers, the instance row. */
    private final class Transition {
        private final Context ctx;
        private final TimerService timers;
        private final Collector<SagaCommand> out;
        private final long now;

        Transition(Context ctx, Collector<SagaCommand> out, long now) {
            this.ctx = ctx;
            this.timers = ctx.timerService();
            this.out = out;
            this.now = now;
        }

        void send(SagaState s, int index, boolean compensation, int attempt) {
            SagaStep step = definition.step(index);
            String sagaId = ctx.getCurrentKey();
            String id = compensation ? SagaDefinition.compensationId(sagaId, step) : SagaDefinition.commandId(sagaId, step);
            if (compensation) {
                s.compensatingStep = index;
            } else {
                s.step = index;
            }
            s.attempt = attempt;
            s.resendAt = 0;
            s.deadline = now + (compensation ? definition.compensationTimeoutMs() : step.timeoutMs());
            out.collect(new SagaCommand(id, sagaId, definition.type(), step, compensation, attempt, s.data, now));
            metrics.commandsSent.inc();
            setTimer(s, s.deadline);
        }

        void beginCompensation(SagaState s, boolean includingCurrent) {
            s.status = SagaStatus.COMPENSATING;
            long mask = s.completedMask | (includingCurrent ? 1L << s.step : 0);
            for (int i = 0; i < definition.steps().size(); i++) {
                if (!definition.step(i).hasCompensation()) {
                    mask &= ~(1L << i);
                }
            }
            s.toCompensateMask = mask;
            s.deadline = 0;
            s.resendAt = 0;
            cancelTimer(s);
            nextCompensation(s);
        }

        /** Sends the compensation of the highest step still to undo, or ends the saga compensated. */
        void nextCompensation(SagaState s) {
            if (s.compensatingStep >= 0) {
                return;
            }
            long remaining = s.toCompensateMask & ~s.compensatedMask;
            if (remaining == 0) {
                finish(s, SagaStatus.COMPENSATED);
            } else {
                s.status = SagaStatus.COMPENSATING; // a stuck compensation was acknowledged: the next one is not overdue
                send(s, 63 - Long.numberOfLeadingZeros(remaining), true, 1);
            }
        }

        void finish(SagaState s, SagaStatus status) {
            s.status = status;
            s.deadline = 0;
            s.resendAt = 0;
            s.attempt = 0;
            (status == SagaStatus.COMPLETED ? metrics.completed : metrics.compensated).inc();
            if (!s.outcomeEmitted) {
                s.outcomeEmitted = true;
                ctx.output(OUTCOMES, new SagaOutcome(ctx.getCurrentKey(), definition.type(), status, s.lastError, s.data, now));
            }
            s.expiresAt = now + definition.finishedRetentionMs();
            setTimer(s, s.expiresAt);
        }

        void setTimer(SagaState s, long at) {
            cancelTimer(s);
            s.timerAt = at;
            timers.registerProcessingTimeTimer(at);
        }

        void cancelTimer(SagaState s) {
            if (s.timerAt != 0) {
                timers.deleteProcessingTimeTimer(s.timerAt);
                s.timerAt = 0;
            }
        }

        void commit(SagaState s) throws Exception {
            s.version++;
            s.updatedAt = now;
            state.update(s);
            ctx.output(INSTANCES, instance(s));
        }

        private SagaInstance instance(SagaState s) {
            SagaInstance row = new SagaInstance();
            row.sagaId = ctx.getCurrentKey();
            row.sagaType = definition.type();
            row.status = s.status.name();
            int current = s.status == SagaStatus.RUNNING ? s.step
                    : s.status == SagaStatus.COMPENSATING || s.status == SagaStatus.STUCK ? s.compensatingStep : -1;
            row.currentStep = current < 0 ? null : definition.step(current).name();
            row.attempts = s.attempt;
            long timeout = current < 0 ? 0
                    : s.status == SagaStatus.RUNNING ? definition.step(current).timeoutMs() : definition.compensationTimeoutMs();
            row.deadline = s.deadline != 0 ? s.deadline : s.resendAt != 0 ? s.resendAt + timeout : 0;
            row.compensated = Long.bitCount(s.compensatedMask);
            row.toCompensate = Long.bitCount(s.toCompensateMask);
            row.lastError = s.lastError;
            row.startedAt = s.startedAt;
            row.updatedAt = s.updatedAt;
            row.version = s.version;
            return row;
        }
    }
}
