package io.eventline.jobs.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.PojoTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every projection type that moved from Flink's PojoSerializer to its own serializer: a value the PojoSerializer
 * wrote reads back equal through {@code TypeInformation.of(type)}, and is written again in the new format, on both
 * backends (the operators' own restores: OrderSummaryRowMigrationTest).
 */
class PojoStateMigrationTest {

    static Stream<Arguments> types() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("hashmap", "rocksdb")) {
            cases.add(Arguments.of(backend, OrderSummaryRow.class, OrderSummaryRowSerializerTest.full()));
            cases.add(Arguments.of(backend, CustomerOrdersRow.class, customerOrders()));
            cases.add(Arguments.of(backend, OrderFact.class, OrderFact.of(OrderSummaryRowSerializerTest.full())));
            cases.add(Arguments.of(backend, CustomerProfile.class, profile()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("types")
    <T> void aPojoWrittenValueReadsBackThroughTheNewSerializer(String backend, Class<T> type, T value) throws Exception {
        OperatorSubtaskState pojoState = run(backend, null, new StateAccess<>(PojoTypes.of(type), value));
        assertThat(TypeInformation.of(type)).isNotEqualTo(PojoTypes.of(type));

        StateAccess<T> reader = new StateAccess<>(TypeInformation.of(type), null);
        OperatorSubtaskState migrated = run(backend, pojoState, reader);
        assertThat(StateAccess.read).containsExactly(value);

        StateAccess.read.clear(); // and what the migration wrote reads back again
        run(backend, migrated, new StateAccess<>(TypeInformation.of(type), null));
        assertThat(StateAccess.read).containsExactly(value);
    }

    private static <T> OperatorSubtaskState run(String backend, OperatorSubtaskState restore, StateAccess<T> access)
            throws Exception {
        StateAccess.read.clear();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(access), (String s) -> s,
                Types.STRING)) {
            h.setStateBackend(backend(backend));
            if (restore != null) {
                h.initializeState(restore);
            }
            h.open();
            h.processElement("k", 0L);
            return h.snapshot(1L, 1L);
        }
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    private static CustomerOrdersRow customerOrders() {
        CustomerOrdersRow row = new CustomerOrdersRow();
        row.customerId = "cust-7";
        row.ordersPlaced = 3;
        row.ordersCancelled = 1;
        row.lifetimeValue = new BigDecimal("119.80");
        row.lastOrderAt = Instant.parse("2026-11-30T10:15:30Z");
        row.updatedAt = Instant.parse("2026-11-30T10:20:00.5Z");
        row.version = 7;
        return row;
    }

    private static CustomerProfile profile() {
        CustomerProfile profile = new CustomerProfile();
        profile.customerId = "cust-7";
        profile.name = "Ada";
        profile.tier = null;
        profile.lastSequence = 2;
        return profile;
    }

    /** Writes {@code value} under the key when given one, else reads what the key holds into {@link #read}. */
    static final class StateAccess<T> extends KeyedProcessFunction<String, String, Void> {
        static final List<Object> read = new ArrayList<>();
        private final TypeInformation<T> type;
        private final T value;
        private transient ValueState<T> state;

        StateAccess(TypeInformation<T> type, T value) {
            this.type = type;
            this.value = value;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("state", type));
        }

        @Override
        public void processElement(String key, Context ctx, Collector<Void> out) throws Exception {
            if (value != null) {
                state.update(value);
            } else {
                read.add(state.value());
            }
        }
    }
}
