package io.eventline.common.saga;

import java.util.Arrays;
import java.util.Objects;

/**
 * A command the saga operator sends to a participant: a step's command or its compensation. Every attempt of
 * one command has the same {@code commandId}, so the participant, idempotent by command id, applies it once.
 * A Flink POJO.
 */
public class SagaCommand {

    public String commandId;
    public String sagaId;
    public String sagaType;
    public String step;
    public String commandType;
    /** Where the command goes (e.g. the participant's topic). */
    public String destination;
    public int attempt;
    public boolean compensation;
    public byte[] data;
    public long issuedAt;

    public SagaCommand() {
    }

    SagaCommand(String commandId, String sagaId, String sagaType, SagaStep step, boolean compensation, int attempt,
            byte[] data, long issuedAt) {
        this.commandId = commandId;
        this.sagaId = sagaId;
        this.sagaType = sagaType;
        this.step = step.name();
        this.commandType = compensation ? step.compensationType() : step.commandType();
        this.destination = step.destination();
        this.attempt = attempt;
        this.compensation = compensation;
        this.data = data;
        this.issuedAt = issuedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SagaCommand that && attempt == that.attempt && compensation == that.compensation
                && issuedAt == that.issuedAt && Objects.equals(commandId, that.commandId)
                && Objects.equals(sagaId, that.sagaId) && Objects.equals(sagaType, that.sagaType)
                && Objects.equals(step, that.step) && Objects.equals(commandType, that.commandType)
                && Objects.equals(destination, that.destination) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commandId, attempt);
    }

    @Override
    public String toString() {
        return commandType + "(" + commandId + ", attempt " + attempt + " -> " + destination + ")";
    }
}
