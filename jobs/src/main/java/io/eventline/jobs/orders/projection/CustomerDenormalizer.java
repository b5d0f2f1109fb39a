package io.eventline.jobs.orders.projection;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Event-carried state transfer into {@code order_summary}: keyed by customerId, it keeps the customer's replica
 * ({@link CustomerProfile}, from CustomerRegistered / CustomerUpdated) and copies its name and tier into every
 * order row of that customer, with no lookup. Input 1 is the order projection's rows (re-keyed by customer),
 * input 2 the customer events (deduplicated and in sequence by the ordering operator).
 *
 * <ul>
 *   <li>An order row is passed on with the customer's current name and tier (none yet: null, and the row waits).
 *   <li>A customer event that changes the name or tier refreshes every <em>open</em> order of the customer (status not
 *       delivered or cancelled) and every order still waiting for its first profile: one new row each, same
 *       {@link OrderSummaryRow#version}, {@link OrderSummaryRow#customerVersion} raised to the event's sequence.
 *   <li>Closed orders keep the name and tier they closed with: a delivered or cancelled order is dropped from the
 *       state once it has a profile, so later customer changes do not reach it (an invoice keeps the name it was
 *       issued to). A closed order that never had one gets the first profile that arrives, then is dropped.
 * </ul>
 *
 * <p>Every new order row also leaves as an {@link OrderFactChange} ({@link #FACTS}) for the customer projection,
 * chained after this operator on the same customer key: the facts ride the rows' shuffle instead of a second one of
 * their own (issue 12). The change names the fact the row replaces, taken from the order's row held here, so the
 * customer projection keeps no fact per order of its own. A copy of a row already passed on makes no change (so
 * none is counted twice); rows refreshed by a customer change make none either: the order did not change.
 *
 * <p>State per customer: the profile (kept: it is the replica) and the latest row of each open or waiting order
 * ({@value #ORDERS_STATE_NAME}); no timers. Which profile a closed order keeps is decided by arrival order here:
 * a restore from a checkpoint or savepoint keeps it; a rebuild from the topic can differ only for an order whose
 * close and a customer change of the same moment raced (README "Replicated customers").
 *
 * <p>Keyed state, not broadcast state: broadcast state would hold every customer on every subtask, on the heap
 * and in full in every checkpoint, and a customer change would still have to find that customer's orders, which
 * needs this per-customer index anyway. Keyed by customer, each replica lives once, in RocksDB with incremental
 * checkpoints, and rescales by key group; the price is one more shuffle of the order rows.
 */
public class CustomerDenormalizer extends KeyedCoProcessFunction<String, OrderSummaryRow, EventEnvelope, OrderSummaryRow> {

    private static final long serialVersionUID = 1L;

    /** Stable state names: part of the savepoint format. */
    public static final String PROFILE_STATE_NAME = "customer-profile";
    public static final String ORDERS_STATE_NAME = "customer-open-orders";

    /** The customer projection's input: one change per new order row, keyed (like this operator) by customer. */
    public static final OutputTag<OrderFactChange> FACTS =
            new OutputTag<>("order-facts", TypeInformation.of(OrderFactChange.class));

    private static final OrderEnvelopeCodec ACCESSOR = new OrderEnvelopeCodec();

    private final String jobName;
    private transient ValueState<CustomerProfile> profile;
    private transient MapState<String, OrderSummaryRow> openOrders;
    private transient Counter customerEventsApplied;
    private transient Counter customerEventsRejected;
    private transient Counter rowsRefreshed;

    public CustomerDenormalizer(String jobName) {
        this.jobName = jobName;
    }

    @Override
    public void open(OpenContext openContext) {
        profile = getRuntimeContext().getState(
                new ValueStateDescriptor<>(PROFILE_STATE_NAME, TypeInformation.of(CustomerProfile.class)));
        openOrders = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                ORDERS_STATE_NAME, Types.STRING, TypeInformation.of(OrderSummaryRow.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        customerEventsApplied = metrics.counter("customerEventsApplied");
        customerEventsRejected = metrics.counter("customerEventsRejected");
        rowsRefreshed = metrics.counter("orderRowsRefreshedByCustomer");
    }

    @Override
    public void processElement1(OrderSummaryRow row, Context ctx, Collector<OrderSummaryRow> out) throws Exception {
        OrderSummaryRow held = openOrders.get(row.orderId);
        if (held != null && row.version <= held.version) {
            return; // a copy of a row already passed on
        }
        CustomerProfile customer = profile.value();
        OrderSummaryRow next = withCustomer(row, customer);
        out.collect(next);
        // held is the order's last row (a closed order has no later one): its fact is the one this row replaces
        ctx.output(FACTS, OrderFactChange.of(held, row));
        keep(next, customer != null);
    }

    @Override
    public void processElement2(EventEnvelope event, Context ctx, Collector<OrderSummaryRow> out) throws Exception {
        CustomerProfile before = profile.value();
        Outcome<CustomerProfile> outcome = CustomerProfileProjection.apply(before, event);
        if (!outcome.isApplied()) {
            customerEventsRejected.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.forEvent(event, ACCESSOR, Stage.PROJECT,
                    outcome.reason(), outcome.message(), jobName).build());
            return;
        }
        CustomerProfile customer = outcome.state();
        profile.update(customer);
        customerEventsApplied.inc();
        if (before != null && Objects.equals(before.name, customer.name) && Objects.equals(before.tier, customer.tier)) {
            return; // e.g. only the email changed: nothing order_summary shows, no rows rewritten
        }
        List<OrderSummaryRow> refreshed = new ArrayList<>();
        for (Map.Entry<String, OrderSummaryRow> entry : openOrders.entries()) {
            refreshed.add(withCustomer(entry.getValue(), customer));
        }
        for (OrderSummaryRow next : refreshed) {
            out.collect(next);
            rowsRefreshed.inc();
            keep(next, true);
        }
    }

    /** Keeps the row while a customer change may still reach it: open, or closed without a profile yet. */
    private void keep(OrderSummaryRow row, boolean hasProfile) throws Exception {
        if (hasProfile && isClosed(row)) {
            openOrders.remove(row.orderId);
        } else {
            openOrders.put(row.orderId, row);
        }
    }

    static boolean isClosed(OrderSummaryRow row) {
        OrderStatus status = row.orderStatus();
        return status == OrderStatus.DELIVERED || status == OrderStatus.CANCELLED;
    }

    /** A copy of the row with the profile's fields; {@code null}: the row as it came (no customer known yet). */
    private static OrderSummaryRow withCustomer(OrderSummaryRow row, CustomerProfile customer) {
        OrderSummaryRow next = row.copy();
        if (customer != null) {
            next.customerName = customer.name;
            next.customerTier = customer.tier;
            next.customerVersion = customer.lastSequence;
        }
        return next;
    }
}
