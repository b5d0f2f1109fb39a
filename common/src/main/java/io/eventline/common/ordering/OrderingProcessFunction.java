package io.eventline.common.ordering;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.event.EventAccessor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link OrderingFunction} for jobs without a control stream: same logic and state names, so a job can switch
 * between the two flavours with the same uid; a parked aggregate can then only be resumed by adding the control
 * stream.
 */
public class OrderingProcessFunction<E> extends KeyedProcessFunction<String, E, E> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final OrderingCore<E> core;

    public OrderingProcessFunction(EventAccessor<E> accessor, TypeInformation<E> eventType, OrderingConfig config) {
        this.core = new OrderingCore<>(accessor, eventType, config);
    }

    @Override
    public void open(OpenContext openContext) {
        core.open(getRuntimeContext());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        core.initializeState(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        core.snapshotState(context);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<E> out) throws Exception {
        core.onEvent(event, bind(ctx, out));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        core.onTimer(timestamp, ctx.timeDomain() == TimeDomain.EVENT_TIME, bind(ctx, out));
    }

    private BoundOutput<E> bind(Context ctx, Collector<E> out) {
        return new BoundOutput<>(out, deadLetter -> ctx.output(DeadLetters.TAG, deadLetter), ctx.timerService(),
                ctx.getCurrentKey(), ctx.timestamp());
    }

    public OrderingMetrics metrics() {
        return core.metrics();
    }
}
