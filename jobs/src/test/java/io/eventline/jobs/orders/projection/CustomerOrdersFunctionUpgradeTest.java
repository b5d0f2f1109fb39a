package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job upgraded from a savepoint of the customer projection as it was before issue 12's session 13 (the last
 * fact per order in map state, {@value CustomerOrdersFunction#RETIRED_CONTRIBUTIONS_STATE_NAME}): the restored
 * operator, which no longer registers that state, continues the customer's row exactly.
 */
class CustomerOrdersFunctionUpgradeTest {

    private static final OrderSummaryRow PLACED = row("placed", 1, 0);
    private static final OrderSummaryRow PAID = row("paid", 2, 1);

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aSavepointWithThePerOrderFactsRestoresAndTheRowContinues(String backend) throws Exception {
        OperatorSubtaskState savepoint;
        try (var before = new KeyedOneInputStreamOperatorTestHarness<String, OrderFact, CustomerOrdersRow>(
                new KeyedProcessOperator<>(new CustomerOrdersBeforeSession13()), f -> f.customerId, Types.STRING)) {
            before.setStateBackend(backend(backend));
            before.open();
            before.processElement(OrderFact.of(PLACED), 0L);
            assertThat(before.extractOutputValues()).last()
                    .isEqualTo(CustomerOrdersProjectionTest.customer("cust-1", 1, 0, "0.00", 0, 0, 1));
            savepoint = before.snapshot(1L, 1L);
        }
        try (var after = new KeyedOneInputStreamOperatorTestHarness<String, OrderFactChange, CustomerOrdersRow>(
                new KeyedProcessOperator<>(new CustomerOrdersFunction()), c -> c.fact.customerId, Types.STRING)) {
            after.setStateBackend(backend(backend));
            after.initializeState(savepoint);
            after.open();
            after.processElement(OrderFactChange.of(PLACED, PAID), 0L);
            assertThat(after.extractOutputValues()).containsExactly(
                    CustomerOrdersProjectionTest.customer("cust-1", 1, 0, "25.00", 0, 1, 2));
            assertThat(after.numProcessingTimeTimers()).isZero();
            assertThat(after.numEventTimeTimers()).isZero();
        }
    }

    private static OrderSummaryRow row(String status, long sequence, int minute) {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = "ord-1";
        r.customerId = "cust-1";
        r.status = status;
        r.total = new java.math.BigDecimal("25.00");
        r.placedAt = at(0);
        r.updatedAt = at(minute);
        r.lastSequence = sequence;
        r.version = sequence;
        return r;
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** The customer projection's function as it was before: the customer row and the per-order facts. */
    static final class CustomerOrdersBeforeSession13 extends KeyedProcessFunction<String, OrderFact, CustomerOrdersRow> {
        private transient ValueState<CustomerOrdersRow> customer;
        private transient MapState<String, OrderFact> contributions;

        @Override
        public void open(OpenContext openContext) {
            customer = getRuntimeContext().getState(new ValueStateDescriptor<>(
                    CustomerOrdersFunction.ROW_STATE_NAME, TypeInformation.of(CustomerOrdersRow.class)));
            contributions = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                    CustomerOrdersFunction.RETIRED_CONTRIBUTIONS_STATE_NAME, Types.STRING,
                    TypeInformation.of(OrderFact.class)));
        }

        @Override
        public void processElement(OrderFact fact, Context ctx, Collector<CustomerOrdersRow> out) throws Exception {
            Outcome<CustomerOrdersRow> outcome =
                    CustomerOrdersProjection.apply(customer.value(), contributions.get(fact.orderId), fact);
            if (outcome.isApplied()) {
                customer.update(outcome.state());
                contributions.put(fact.orderId, fact);
                out.collect(outcome.state());
            }
        }
    }
}
