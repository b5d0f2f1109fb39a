package io.eventline.common.ordering;

import java.util.Objects;
import org.apache.flink.api.java.functions.KeySelector;

/** An operator's instruction to one aggregate, sent on the ordering operator's control input. A Flink POJO. */
public class OrderingCommand {

    public enum Type {
        /**
         * Resume a parked aggregate (see {@link OrderingFunction} for what happens to the gap), or release a held
         * one by skipping the held number.
         */
        UNPARK,
        /**
         * Sequence {@link #sequenceNumber} of the aggregate was dead-lettered upstream (decode or validation failed
         * but aggregateId and sequence number were readable): hold the aggregate there, see {@link PoisonPolicy}.
         */
        HOLD
    }

    /** Keys the control stream like the event stream. */
    public static final KeySelector<OrderingCommand, String> BY_AGGREGATE = new ByAggregate();

    public String aggregateId;
    public Type type;
    /** HOLD: the dead-lettered sequence number; 0 for UNPARK. */
    public long sequenceNumber;
    /** HOLD: the upstream dead letter's reason code (e.g. {@code malformed}); null for UNPARK. */
    public String reason;
    /** HOLD: where the dead letter is (e.g. {@code orders.dlq:0:42}), named in the {@code parked} dead letters. */
    public String deadLetterRef;

    public OrderingCommand() {}

    public OrderingCommand(String aggregateId, Type type) {
        this.aggregateId = aggregateId;
        this.type = type;
    }

    public static OrderingCommand unpark(String aggregateId) {
        return new OrderingCommand(aggregateId, Type.UNPARK);
    }

    /** Sequence {@code sequenceNumber} of {@code aggregateId} went to the DLQ upstream, see {@link Type#HOLD}. */
    public static OrderingCommand hold(String aggregateId, long sequenceNumber, String reason, String deadLetterRef) {
        OrderingCommand command = new OrderingCommand(aggregateId, Type.HOLD);
        command.sequenceNumber = sequenceNumber;
        command.reason = reason;
        command.deadLetterRef = deadLetterRef;
        return command;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderingCommand other
                && Objects.equals(aggregateId, other.aggregateId)
                && type == other.type
                && sequenceNumber == other.sequenceNumber
                && Objects.equals(reason, other.reason)
                && Objects.equals(deadLetterRef, other.deadLetterRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(aggregateId, type, sequenceNumber, reason, deadLetterRef);
    }

    @Override
    public String toString() {
        return type == Type.HOLD
                ? "HOLD(" + aggregateId + "@" + sequenceNumber + ", " + reason + ", " + deadLetterRef + ")"
                : type + "(" + aggregateId + ")";
    }

    private static final class ByAggregate implements KeySelector<OrderingCommand, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(OrderingCommand command) {
            return command.aggregateId;
        }
    }
}
