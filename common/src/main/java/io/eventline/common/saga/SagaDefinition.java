package io.eventline.common.saga;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A saga as an ordered list of steps, run forward until the last step succeeds and undone in reverse order when
 * one fails. Compensations are retried with {@code compensationRetry}; when its attempts are exhausted the saga is
 * {@link SagaStatus#STUCK} (an operator is alerted) and the compensation is still retried at the capped backoff
 * until it is acknowledged. A finished saga keeps a small marker (status, seen reply
 * ids) for {@code finishedRetention}, so that duplicate and late replies are still recognised; then its state
 * is cleared.
 */
public final class SagaDefinition implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final List<SagaStep> steps;
    private final long compensationTimeoutMs;
    private final RetryPolicy compensationRetry;
    private final long finishedRetentionMs;

    public SagaDefinition(String type, List<SagaStep> steps, Duration compensationTimeout,
            RetryPolicy compensationRetry, Duration finishedRetention) {
        if (steps.isEmpty() || steps.size() > 62) {
            throw new IllegalArgumentException("a saga has 1 to 62 steps");
        }
        if (steps.stream().map(SagaStep::name).distinct().count() != steps.size()) {
            throw new IllegalArgumentException("step names must be unique");
        }
        this.type = type;
        this.steps = List.copyOf(steps);
        this.compensationTimeoutMs = compensationTimeout.toMillis();
        this.compensationRetry = compensationRetry;
        this.finishedRetentionMs = finishedRetention.toMillis();
    }

    public String type() {
        return type;
    }

    public List<SagaStep> steps() {
        return steps;
    }

    public SagaStep step(int index) {
        return steps.get(index);
    }

    /** The index of the step with this name, or -1. */
    public int indexOf(String stepName) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(stepName)) {
                return i;
            }
        }
        return -1;
    }

    public long compensationTimeoutMs() {
        return compensationTimeoutMs;
    }

    public RetryPolicy compensationRetry() {
        return compensationRetry;
    }

    public long finishedRetentionMs() {
        return finishedRetentionMs;
    }

    /** The id of a step's command: the same for every attempt, so a participant applies it at most once. */
    public static String commandId(String sagaId, SagaStep step) {
        return sagaId + "/" + step.name();
    }

    /** The id of a step's compensation command. */
    public static String compensationId(String sagaId, SagaStep step) {
        return sagaId + "/" + step.name() + "/compensate";
    }
}
