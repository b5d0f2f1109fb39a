package io.eventline.common.saga;

import java.util.Objects;

/**
 * A saga's row in the {@code saga_instance} read model: an absolute snapshot written after every transition,
 * with a version that grows with each. A Flink POJO.
 */
public class SagaInstance {

    public String sagaId;
    public String sagaType;
    public String status;
    /** The step running or being compensated; null once final. */
    public String currentStep;
    /** Attempts of the current step's (or compensation's) command. */
    public int attempts;
    /** When the current command times out (epoch millis); 0 when nothing waits. */
    public long deadline;
    /** Compensations acknowledged. */
    public int compensated;
    /** Compensations needed (completed steps when compensation began, plus late ones). */
    public int toCompensate;
    public String lastError;
    public long startedAt;
    public long updatedAt;
    public long version;

    public SagaInstance() {
    }

    public String compensationProgress() {
        return compensated + "/" + toCompensate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SagaInstance that && attempts == that.attempts && deadline == that.deadline
                && compensated == that.compensated && toCompensate == that.toCompensate
                && startedAt == that.startedAt && updatedAt == that.updatedAt && version == that.version
                && Objects.equals(sagaId, that.sagaId) && Objects.equals(sagaType, that.sagaType)
                && Objects.equals(status, that.status) && Objects.equals(currentStep, that.currentStep)
                && Objects.equals(lastError, that.lastError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sagaId, version);
    }

    @Override
    public String toString() {
        return sagaId + " v" + version + " " + status + " step=" + currentStep + " attempts=" + attempts
                + " compensation=" + compensationProgress() + (lastError == null ? "" : " error=" + lastError);
    }
}
