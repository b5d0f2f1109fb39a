package io.eventline.common.saga;

import java.util.Arrays;
import java.util.Objects;

/**
 * Emitted once per saga when it first becomes final (completed, compensated or stuck), with its data, so the
 * domain can publish what follows (e.g. an order cancelled). A Flink POJO.
 */
public class SagaOutcome {

    public String sagaId;
    public String sagaType;
    public SagaStatus status;
    public String lastError;
    public byte[] data;
    public long at;

    public SagaOutcome() {
    }

    SagaOutcome(String sagaId, String sagaType, SagaStatus status, String lastError, byte[] data, long at) {
        this.sagaId = sagaId;
        this.sagaType = sagaType;
        this.status = status;
        this.lastError = lastError;
        this.data = data;
        this.at = at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SagaOutcome that && at == that.at && Objects.equals(sagaId, that.sagaId)
                && Objects.equals(sagaType, that.sagaType) && status == that.status
                && Objects.equals(lastError, that.lastError) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sagaId, status);
    }

    @Override
    public String toString() {
        return sagaId + " " + status + (lastError == null ? "" : " (" + lastError + ")");
    }
}
