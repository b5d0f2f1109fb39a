package io.eventline.jobs.orders.projection;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by customerId; runs {@link CustomerOrdersProjection#apply} with the customer's row in
 * {@code ValueState} and the last {@link OrderFact} per order in {@code MapState} (see the re-keying note on
 * {@link CustomerOrdersProjection}). Facts already applied are dropped: they change nothing.
 */
public class CustomerOrdersFunction extends KeyedProcessFunction<String, OrderFact, CustomerOrdersRow> {

    private static final long serialVersionUID = 1L;

    public static final String ROW_STATE_NAME = "customer-orders";
    public static final String CONTRIBUTIONS_STATE_NAME = "order-contributions";

    public static final OutputTag<ProjectionTick> TICKS =
            new OutputTag<>("customer-orders-ticks", TypeInformation.of(ProjectionTick.class));

    private transient ValueState<CustomerOrdersRow> customer;
    private transient MapState<String, OrderFact> contributions;

    @Override
    public void open(OpenContext openContext) {
        customer = getRuntimeContext().getState(
                new ValueStateDescriptor<>(ROW_STATE_NAME, TypeInformation.of(CustomerOrdersRow.class)));
        contributions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(CONTRIBUTIONS_STATE_NAME, Types.STRING, TypeInformation.of(OrderFact.class)));
    }

    @Override
    public void processElement(OrderFact fact, Context ctx, Collector<CustomerOrdersRow> out) throws Exception {
        Outcome<CustomerOrdersProjection.Result> outcome =
                CustomerOrdersProjection.apply(customer.value(), contributions.get(fact.orderId), fact);
        if (outcome.isApplied()) {
            customer.update(outcome.state().row);
            contributions.put(fact.orderId, outcome.state().contribution);
            out.collect(outcome.state().row);
            ctx.output(TICKS, ProjectionTick.of(CustomerOrdersProjection.NAME, fact.eventTime));
        }
    }
}
