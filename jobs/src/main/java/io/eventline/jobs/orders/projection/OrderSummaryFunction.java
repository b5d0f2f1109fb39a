package io.eventline.jobs.orders.projection;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by orderId (the order events' aggregateId); runs {@link OrderSummaryProjection#apply} over the
 * order's row in {@code ValueState}. Per applied event it emits the new {@code order_summary} snapshot and a
 * {@link ProjectionTick} ({@link #TICKS}); a rejected event goes to {@link DeadLetters#TAG} at stage
 * {@code project}. Events that are not order events are skipped. The customer projection's {@link OrderFact}s
 * are derived from these rows after their shuffle by customer ({@link CustomerDenormalizer#FACTS}), so that one
 * shuffle carries both.
 *
 * <p>Holding (on with {@code holdRejected}, the job's gap policy PARK): an event rejected as
 * {@value OrderSummaryProjection#ILLEGAL_TRANSITION}, {@value OrderSummaryProjection#UNKNOWN_AGGREGATE} or
 * {@value OrderSummaryProjection#AGGREGATE_MISMATCH} holds its order at that sequence number N: every later event
 * (sequence above N) is dead-lettered {@value #PARKED} and not applied, because it would be applied on a base that
 * misses event N. Events below N still apply (e.g. a late, replayed event that N needed). When N itself applies (its
 * replay after the cause is fixed), the hold is released, and the replays of the parked events apply in order
 * ({@code eventline dlq replay --aggregate} sends them in sequence order). A rejected copy of an applied event
 * ({@value OrderSummaryProjection#STALE_SEQUENCE}) never holds. Other orders are never affected. The hold is one
 * {@code Long} of keyed state, cleared on release. Without {@code holdRejected} (gap policy SKIP) the hold is
 * neither set nor read (a hold a PARK run left is not enforced), and later events apply wherever the projection
 * allows them.
 */
public class OrderSummaryFunction extends KeyedProcessFunction<String, EventEnvelope, OrderSummaryRow> {

    private static final long serialVersionUID = 1L;

    /** Stable state name: part of the savepoint format. */
    public static final String STATE_NAME = "order-summary";
    /** Stable state name: the sequence number an order is held at (see the class comment). */
    public static final String HELD_STATE_NAME = "order-summary-held-at";
    /** Reason of the dead letter of an event not applied because its order is held. */
    public static final String PARKED = "parked";

    public static final OutputTag<ProjectionTick> TICKS =
            new OutputTag<>("order-summary-ticks", TypeInformation.of(ProjectionTick.class));

    private static final OrderEnvelopeCodec ACCESSOR = new OrderEnvelopeCodec();

    private final String jobName;
    private final boolean holdRejected;
    private transient ValueState<OrderSummaryRow> order;
    private transient ValueState<Long> heldAt;
    private transient Counter applied;
    private transient Counter rejected;
    private transient Counter parked;
    private transient Counter replaysApplied;
    /** Occurrence time of the last applied event; read by the metric reporter's thread. */
    private transient volatile long lastEventAt;

    /** Without holding, as under the gap policy SKIP. */
    public OrderSummaryFunction(String jobName) {
        this(jobName, false);
    }

    /** @param holdRejected hold an order behind its rejected event (gap policy PARK, see the class comment) */
    public OrderSummaryFunction(String jobName, boolean holdRejected) {
        this.jobName = jobName;
        this.holdRejected = holdRejected;
    }

    @Override
    public void open(OpenContext openContext) {
        order = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(OrderSummaryRow.class)));
        heldAt = getRuntimeContext().getState(new ValueStateDescriptor<>(HELD_STATE_NAME, Types.LONG));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter("eventsApplied");
        rejected = metrics.counter("eventsRejected");
        parked = metrics.counter("eventsParked");
        replaysApplied = metrics.counter("replaysApplied");
        // Processing time minus the occurrence time of the last applied event (0 before the first one).
        metrics.gauge("projectionLagMs", (Gauge<Long>) () -> lastEventAt == 0 ? 0L : System.currentTimeMillis() - lastEventAt);
    }

    @Override
    public void processElement(EventEnvelope event, Context ctx, Collector<OrderSummaryRow> out) throws Exception {
        if (!OrderSummaryProjection.isOrderEvent(event)) {
            return; // customer events and others belong to other projections
        }
        // Without holding nothing is ever held: no state read per event (issue 12). A hold left by an earlier run
        // under PARK is not enforced under SKIP, whose later events apply wherever the projection allows them.
        Long held = holdRejected ? heldAt.value() : null;
        Long sequence = event.getSequenceNumber();
        if (held != null && sequence != null && sequence > held) {
            parked.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.forEvent(event, ACCESSOR, Stage.PROJECT, PARKED,
                    "order " + event.getAggregateId() + " is held at sequence number " + held
                            + " (rejected by the projection); replay it, then this event", jobName).build());
            return;
        }
        Outcome<OrderSummaryRow> outcome = OrderSummaryProjection.apply(order.value(), event);
        if (outcome.isApplied()) {
            OrderSummaryRow row = outcome.state();
            order.update(row);
            if (held != null && held.equals(sequence)) {
                heldAt.clear(); // the event the order waited for is applied: released
            }
            out.collect(row);
            applied.inc();
            if (event.getReplay() != null) {
                replaysApplied.inc();
            }
            lastEventAt = event.getTimestamp().toEpochMilli();
            ctx.output(TICKS, ProjectionTick.of(OrderSummaryProjection.NAME, event.getTimestamp()));
        } else {
            // A replayed copy of an applied event ends here as stale-sequence: never applied twice.
            rejected.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.forEvent(event, ACCESSOR, Stage.PROJECT,
                    outcome.reason(), outcome.message(), jobName).build());
            if (holdRejected && held == null && sequence != null && holds(outcome.reason())) {
                heldAt.update(sequence);
            }
        }
    }

    /** Rejections that mean the order's base misses something; a stale copy of an applied event does not. */
    static boolean holds(String reason) {
        return OrderSummaryProjection.ILLEGAL_TRANSITION.equals(reason)
                || OrderSummaryProjection.UNKNOWN_AGGREGATE.equals(reason)
                || OrderSummaryProjection.AGGREGATE_MISMATCH.equals(reason);
    }
}
