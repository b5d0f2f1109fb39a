package io.eventline.common.ordering;

import java.util.Objects;
import org.apache.flink.api.java.functions.KeySelector;

/** An operator's instruction to one aggregate, sent on the ordering operator's control input. A Flink POJO. */
public class OrderingCommand {

    public enum Type {
        /** Resume a parked aggregate; see {@link OrderingFunction} for what happens to the gap. */
        UNPARK
    }

    /** Keys the control stream like the event stream. */
    public static final KeySelector<OrderingCommand, String> BY_AGGREGATE = new ByAggregate();

    public String aggregateId;
    public Type type;

    public OrderingCommand() {}

    public OrderingCommand(String aggregateId, Type type) {
        this.aggregateId = aggregateId;
        this.type = type;
    }

    public static OrderingCommand unpark(String aggregateId) {
        return new OrderingCommand(aggregateId, Type.UNPARK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderingCommand other
                && Objects.equals(aggregateId, other.aggregateId)
                && type == other.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(aggregateId, type);
    }

    @Override
    public String toString() {
        return type + "(" + aggregateId + ")";
    }

    private static final class ByAggregate implements KeySelector<OrderingCommand, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(OrderingCommand command) {
            return command.aggregateId;
        }
    }
}
