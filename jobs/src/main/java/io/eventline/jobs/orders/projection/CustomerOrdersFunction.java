package io.eventline.jobs.orders.projection;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by customerId; runs {@link CustomerOrdersProjection#apply} with the customer's row in {@code ValueState}
 * over the {@link OrderFactChange}s of the customer replica (see the re-keying note on
 * {@link CustomerOrdersProjection}). The fact an order's change replaces comes with it, from the replica's held row
 * of the order; this function keeps no per-order state (issue 12: until then it kept every order's last fact in
 * map state, {@value #RETIRED_CONTRIBUTIONS_STATE_NAME}, the same facts the replica holds as rows).
 */
public class CustomerOrdersFunction extends KeyedProcessFunction<String, OrderFactChange, CustomerOrdersRow> {

    private static final long serialVersionUID = 1L;

    public static final String ROW_STATE_NAME = "customer-orders";
    /**
     * The per-order facts of jobs before issue 12's session 13. No longer registered: in a savepoint of such a job
     * it is restored and carried along unread.
     */
    public static final String RETIRED_CONTRIBUTIONS_STATE_NAME = "order-contributions";

    public static final OutputTag<ProjectionTick> TICKS =
            new OutputTag<>("customer-orders-ticks", TypeInformation.of(ProjectionTick.class));

    private transient ValueState<CustomerOrdersRow> customer;

    @Override
    public void open(OpenContext openContext) {
        customer = getRuntimeContext().getState(
                new ValueStateDescriptor<>(ROW_STATE_NAME, TypeInformation.of(CustomerOrdersRow.class)));
    }

    @Override
    public void processElement(OrderFactChange change, Context ctx, Collector<CustomerOrdersRow> out) throws Exception {
        Outcome<CustomerOrdersRow> outcome =
                CustomerOrdersProjection.apply(customer.value(), change.previous, change.fact);
        if (outcome.isApplied()) {
            customer.update(outcome.state());
            out.collect(outcome.state());
            ctx.output(TICKS, ProjectionTick.of(CustomerOrdersProjection.NAME, change.fact.eventTime));
        }
    }
}
