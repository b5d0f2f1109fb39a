package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.PojoTypes;
import io.eventline.events.EventEnvelope;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State written before {@link OrderSummaryRowSerializer}, by Flink's PojoSerializer under the same state names,
 * restores into the order projection and the customer replica on both backends: the rows they emit after the
 * restore are exactly those of operators that never stopped.
 */
class OrderSummaryRowMigrationTest {

    private static final EventEnvelope PLACED = OrderEvents.placed("ord-1", "cust-1", 1, at(0), "20.00",
            OrderEvents.item("BOOK-07", 2, "10.00"));
    private static final EventEnvelope PAID = OrderEvents.paid("ord-1", 2, at(1), "20.00");
    private static final EventEnvelope ADA = OrderEvents.customerRegistered("cust-1", 1, at(-1), "Ada", "standard");

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void theOrderProjectionsPojoStateRestores(String backend) throws Exception {
        OrderSummaryRow placed = OrderSummaryProjection.apply(null, PLACED).state();
        List<OrderSummaryRow> uninterrupted;
        try (var h = orderProjection(backend)) {
            h.open();
            h.processElement(PLACED, 0L);
            h.processElement(PAID, 0L);
            uninterrupted = h.extractOutputValues();
        }
        OperatorSubtaskState pojoState = pojoSnapshot(backend, new PojoValueWriter(OrderSummaryFunction.STATE_NAME), placed);

        try (var h = orderProjection(backend)) {
            h.initializeState(pojoState);
            h.open();
            h.processElement(PAID, 0L);
            assertThat(h.extractOutputValues()).containsExactly(uninterrupted.get(1));
            assertThat(uninterrupted.get(1).version).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void theReplicasPojoOpenOrdersRestore(String backend) throws Exception {
        OrderSummaryRow waiting = OrderSummaryProjection.apply(null, PLACED).state(); // no customer known yet
        List<OrderSummaryRow> uninterrupted;
        try (var h = replica(backend)) {
            h.open();
            h.processElement1(new StreamRecord<>(waiting));
            h.processElement2(new StreamRecord<>(ADA));
            uninterrupted = h.extractOutputValues();
        }
        OperatorSubtaskState pojoState = pojoSnapshot(backend, new PojoMapWriter(CustomerDenormalizer.ORDERS_STATE_NAME),
                waiting);

        try (var h = replica(backend)) {
            h.initializeState(pojoState);
            h.open();
            h.processElement2(new StreamRecord<>(ADA));
            assertThat(h.extractOutputValues()).containsExactly(uninterrupted.get(1));
            assertThat(uninterrupted.get(1).customerName).isEqualTo("Ada");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> orderProjection(
            String backend) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OrderSummaryFunction("orders-job")),
                EventEnvelope::getAggregateId, Types.STRING);
        h.setStateBackend(backend(backend));
        return h;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderSummaryRow, EventEnvelope, OrderSummaryRow> replica(
            String backend) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new CustomerDenormalizer("orders-job")),
                (OrderSummaryRow row) -> row.customerId, EventEnvelope::getAggregateId, Types.STRING);
        h.setStateBackend(backend(backend));
        return h;
    }

    /** The state an operator of the old build left: {@code row} under its key, written by the PojoSerializer. */
    private static OperatorSubtaskState pojoSnapshot(String backend,
            KeyedProcessFunction<String, OrderSummaryRow, Void> writer, OrderSummaryRow row) throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(writer),
                writer instanceof PojoMapWriter ? (OrderSummaryRow r) -> r.customerId : (OrderSummaryRow r) -> r.orderId,
                Types.STRING)) {
            h.setStateBackend(backend(backend));
            h.open();
            h.processElement(row, 0L);
            return h.snapshot(1L, 1L);
        }
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** The order projection's value state, as the POJO it was. */
    static final class PojoValueWriter extends KeyedProcessFunction<String, OrderSummaryRow, Void> {
        private final String name;
        private transient ValueState<OrderSummaryRow> state;

        PojoValueWriter(String name) {
            this.name = name;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>(name, PojoTypes.of(OrderSummaryRow.class)));
        }

        @Override
        public void processElement(OrderSummaryRow row, Context ctx, Collector<Void> out) throws Exception {
            state.update(row);
        }
    }

    /** The replica's open orders, as the POJO map values they were. */
    static final class PojoMapWriter extends KeyedProcessFunction<String, OrderSummaryRow, Void> {
        private final String name;
        private transient MapState<String, OrderSummaryRow> state;

        PojoMapWriter(String name) {
            this.name = name;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getMapState(
                    new MapStateDescriptor<>(name, Types.STRING, PojoTypes.of(OrderSummaryRow.class)));
        }

        @Override
        public void processElement(OrderSummaryRow row, Context ctx, Collector<Void> out) throws Exception {
            state.put(row.orderId, row);
        }
    }
}
