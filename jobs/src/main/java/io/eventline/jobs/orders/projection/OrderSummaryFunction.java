package io.eventline.jobs.orders.projection;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by orderId (the order events' aggregateId); runs {@link OrderSummaryProjection#apply} over the
 * order's row in {@code ValueState}. Per applied event it emits the new {@code order_summary} snapshot, an
 * {@link OrderFact} for the customer projection ({@link #FACTS}) and a {@link ProjectionTick} ({@link #TICKS});
 * a rejected event goes to {@link DeadLetters#TAG} at stage {@code project}. Events that are not order events
 * are skipped.
 */
public class OrderSummaryFunction extends KeyedProcessFunction<String, EventEnvelope, OrderSummaryRow> {

    private static final long serialVersionUID = 1L;

    /** Stable state name: part of the savepoint format. */
    public static final String STATE_NAME = "order-summary";

    public static final OutputTag<OrderFact> FACTS =
            new OutputTag<>("order-facts", TypeInformation.of(OrderFact.class));
    public static final OutputTag<ProjectionTick> TICKS =
            new OutputTag<>("order-summary-ticks", TypeInformation.of(ProjectionTick.class));

    private static final OrderEnvelopeCodec ACCESSOR = new OrderEnvelopeCodec();

    private final String jobName;
    private transient ValueState<OrderSummaryRow> order;
    private transient Counter applied;
    private transient Counter rejected;
    private transient Counter replaysApplied;
    /** Occurrence time of the last applied event; read by the metric reporter's thread. */
    private transient volatile long lastEventAt;

    public OrderSummaryFunction(String jobName) {
        this.jobName = jobName;
    }

    @Override
    public void open(OpenContext openContext) {
        order = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(OrderSummaryRow.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter("eventsApplied");
        rejected = metrics.counter("eventsRejected");
        replaysApplied = metrics.counter("replaysApplied");
        // Processing time minus the occurrence time of the last applied event (0 before the first one).
        metrics.gauge("projectionLagMs", (Gauge<Long>) () -> lastEventAt == 0 ? 0L : System.currentTimeMillis() - lastEventAt);
    }

    @Override
    public void processElement(EventEnvelope event, Context ctx, Collector<OrderSummaryRow> out) throws Exception {
        if (!OrderSummaryProjection.isOrderEvent(event)) {
            return; // customer events and others belong to other projections
        }
        Outcome<OrderSummaryRow> outcome = OrderSummaryProjection.apply(order.value(), event);
        if (outcome.isApplied()) {
            OrderSummaryRow row = outcome.state();
            order.update(row);
            out.collect(row);
            applied.inc();
            if (event.getReplay() != null) {
                replaysApplied.inc();
            }
            lastEventAt = event.getTimestamp().toEpochMilli();
            ctx.output(FACTS, OrderFact.of(row));
            ctx.output(TICKS, ProjectionTick.of(OrderSummaryProjection.NAME, event.getTimestamp()));
        } else {
            // A replayed copy of an applied event ends here as stale-sequence: never applied twice.
            rejected.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.forEvent(event, ACCESSOR, Stage.PROJECT,
                    outcome.reason(), outcome.message(), jobName).build());
        }
    }
}
