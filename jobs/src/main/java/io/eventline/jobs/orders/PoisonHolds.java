package io.eventline.jobs.orders;

import io.eventline.common.deadletter.Stage;
import io.eventline.common.ordering.OrderingCommand;
import io.eventline.deadletter.DeadLetter;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sequenced dead letters: a record that failed to decode or validate but whose aggregateId and sequence number
 * were readable becomes a {@link OrderingCommand#hold HOLD} for the ordering operator, so that the aggregate is held
 * at that number (or, under the poison policy SKIP, gives it up without waiting for a gap timeout) instead of
 * waiting for an event that is already in the DLQ. Dead letters without both fields give nothing: the ordering
 * operator can only treat their absence as a gap.
 *
 * <p>The hold names the failed record by its source coordinates ({@code topic:partition:offset}): the dead letter's
 * own DLQ offset is not known before the DLQ sink writes it.
 */
public final class PoisonHolds implements FlatMapFunction<DeadLetter, OrderingCommand> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(DeadLetter letter, Collector<OrderingCommand> out) {
        String stage = letter.getStage();
        boolean beforeOrdering = Stage.DESERIALIZE.code().equals(stage) || Stage.VALIDATE.code().equals(stage);
        String aggregateId = letter.getAggregateId();
        Long sequence = letter.getSequenceNumber();
        if (!beforeOrdering || aggregateId == null || aggregateId.isBlank() || sequence == null || sequence < 1) {
            return;
        }
        out.collect(OrderingCommand.hold(aggregateId, sequence, letter.getReason(),
                letter.getSourceTopic() + ":" + letter.getPartition() + ":" + letter.getOffset()));
    }
}
