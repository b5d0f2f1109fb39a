package io.eventline.common.saga;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the saga operator reads, keyed by saga id: a request to start a saga (with its data, opaque bytes the
 * domain encodes) or a participant's reply to one of its commands. A Flink POJO.
 */
public class SagaInput {

    /** The two kinds of input. */
    public enum Kind { START, REPLY }

    public Kind kind;
    public String sagaId;
    /** The start request's id or the reply's id: replies are deduplicated by it. */
    public String messageId;
    /** For a reply: the command it answers. */
    public String commandId;
    /** For a reply: the step it belongs to. */
    public String step;
    /** For a reply: its type, e.g. a success or failure reply of the step. */
    public String replyType;
    /** For a failure reply: why. */
    public String reason;
    /** For a start: the saga's data, sent along with every command. */
    public byte[] data;

    public SagaInput() {
    }

    public static SagaInput start(String sagaId, String startId, byte[] data) {
        SagaInput in = new SagaInput();
        in.kind = Kind.START;
        in.sagaId = sagaId;
        in.messageId = startId;
        in.data = data;
        return in;
    }

    public static SagaInput reply(String sagaId, String replyId, String commandId, String step, String replyType,
            String reason) {
        SagaInput in = new SagaInput();
        in.kind = Kind.REPLY;
        in.sagaId = sagaId;
        in.messageId = replyId;
        in.commandId = commandId;
        in.step = step;
        in.replyType = replyType;
        in.reason = reason;
        return in;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SagaInput that && kind == that.kind && Objects.equals(sagaId, that.sagaId)
                && Objects.equals(messageId, that.messageId) && Objects.equals(commandId, that.commandId)
                && Objects.equals(step, that.step) && Objects.equals(replyType, that.replyType)
                && Objects.equals(reason, that.reason) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sagaId, messageId, commandId);
    }

    @Override
    public String toString() {
        return kind + "(" + sagaId + ", " + messageId + (kind == Kind.REPLY ? ", " + step + ": " + replyType : "") + ")";
    }
}
