package io.eventline.notification;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds a notification read from a retry topic until it is due ({@link RetryHistory#dueAt}: its retry record's
 * timestamp plus the topic's delay), then re-injects it before the lookup. Keyed by order id; the due time is a
 * processing-time timer in keyed state, so a restore keeps it, and it is absolute: after a restart each record
 * fires at its own due time, not all at once. At most one notification per order waits here (the router holds an
 * order's later notifications behind the one in retry); state is cleared when it leaves.
 */
final class RetryGate extends KeyedProcessFunction<String, OrderNotification, OrderNotification> {

    private static final long serialVersionUID = 1L;
    static final String STATE_NAME = "retry-gate-pending";

    private transient MapState<String, OrderNotification> pending;

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(STATE_NAME, Types.STRING,
                TypeInformation.of(OrderNotification.class)));
    }

    @Override
    public void processElement(OrderNotification n, Context ctx, Collector<OrderNotification> out) throws Exception {
        if (n.retry.dueAt <= ctx.timerService().currentProcessingTime()) {
            out.collect(n);
            return;
        }
        pending.put(n.eventId, n);
        ctx.timerService().registerProcessingTimeTimer(n.retry.dueAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderNotification> out) throws Exception {
        var due = new java.util.ArrayList<String>();
        for (var entry : pending.entries()) {
            if (entry.getValue().retry.dueAt <= timestamp) {
                out.collect(entry.getValue());
                due.add(entry.getKey());
            }
        }
        for (String eventId : due) {
            pending.remove(eventId);
        }
    }
}
