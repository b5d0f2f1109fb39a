package io.eventline.common.ordering;

import io.eventline.common.event.EventAccessor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the ordering operator into a job. The result carries the events in order, once; dead letters come from
 * {@code result.getSideOutput(DeadLetters.TAG)}.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EventEnvelope> ordered = Ordering.apply(
 *         events.keyBy(EventEnvelope::getAggregateId, Types.STRING), commands,
 *         new EnvelopeAccessor(), new AvroTypeInfo<>(EventEnvelope.class), config, "order-events");
 * }</pre>
 */
public final class Ordering {

    private Ordering() {}

    /**
     * With a control stream of {@link OrderingCommand}s (UNPARK, HOLD). The operator's event-time clock is the
     * event stream's watermark only ({@link OrderingOperator}): the command stream needs no watermarks and no
     * idleness marking, and a quiet control topic never stops gap timeouts. The event stream must carry watermarks
     * for gaps to expire under {@link OrderingClock#LOG} (e.g. the KafkaSource with
     * {@code WatermarkStrategy.forBoundedOutOfOrderness(..).withIdleness(..)}); without any, gaps never expire.
     */
    public static <E> SingleOutputStreamOperator<E> apply(KeyedStream<E, String> events,
            DataStream<OrderingCommand> commands, EventAccessor<E> accessor, TypeInformation<E> eventType,
            OrderingConfig config, String uid) {
        return events.connect(commands.keyBy(OrderingCommand.BY_AGGREGATE, Types.STRING))
                .transform("ordering: " + uid, eventType,
                        new OrderingOperator<>(new OrderingFunction<>(accessor, eventType, config)))
                .uid(uid)
                .name("ordering: " + uid);
    }

    /** Without a control stream; state-compatible with the other flavour under the same uid. */
    public static <E> SingleOutputStreamOperator<E> apply(KeyedStream<E, String> events, EventAccessor<E> accessor,
            TypeInformation<E> eventType, OrderingConfig config, String uid) {
        return events.process(new OrderingProcessFunction<>(accessor, eventType, config), eventType)
                .uid(uid)
                .name("ordering: " + uid);
    }
}
