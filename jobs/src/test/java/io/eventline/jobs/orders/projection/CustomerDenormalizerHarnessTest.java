package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The customer replica joined into order_summary, on its own: order rows (input 1) and customer events (input 2),
 * keyed by customer. Exact rows out; at the end only the profiles are left in state (the replica), no order rows
 * of closed orders and no timers.
 */
class CustomerDenormalizerHarnessTest {

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderSummaryRow, EventEnvelope, OrderSummaryRow> harness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new CustomerDenormalizer("orders-job")),
                row -> row.customerId, EventEnvelope::getAggregateId, Types.STRING);
    }

    /** The order projection's row for an event sequence (the real projection, so rows are what the job emits). */
    private static OrderSummaryRow row(EventEnvelope... events) {
        OrderSummaryRow state = null;
        for (EventEnvelope e : events) {
            state = OrderSummaryProjection.apply(state, e).state();
        }
        return state;
    }

    private static OrderSummaryRow expected(OrderSummaryRow row, String name, String tier, long customerVersion) {
        OrderSummaryRow r = row.copy();
        r.customerName = name;
        r.customerTier = tier;
        r.customerVersion = customerVersion;
        return r;
    }

    private static final EventEnvelope PLACED_1 = OrderEvents.placed("ord-1", "cust-1", 1, at(0), "20.00",
            OrderEvents.item("BOOK-07", 1, "20.00"));
    private static final EventEnvelope PAID_1 = OrderEvents.paid("ord-1", 2, at(1), "20.00");
    private static final EventEnvelope PLACED_2 = OrderEvents.placed("ord-2", "cust-1", 1, at(2), "5.50",
            OrderEvents.item("PEN-03", 1, "5.50"));
    private static final EventEnvelope CANCELLED_2 = OrderEvents.cancelled("ord-2", 2, at(3));
    private static final EventEnvelope ADA = OrderEvents.customerRegistered("cust-1", 1, at(-1), "Ada", "standard");
    private static final EventEnvelope ADA_GOLD = OrderEvents.customerUpdated("cust-1", 2, at(4), null, "gold");

    @Test
    void customerBeforeOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(ADA));
            h.processElement1(new StreamRecord<>(row(PLACED_1)));
            h.processElement1(new StreamRecord<>(row(PLACED_1, PAID_1)));
            assertThat(h.extractOutputValues()).containsExactly(
                    expected(row(PLACED_1), "Ada", "standard", 1),
                    expected(row(PLACED_1, PAID_1), "Ada", "standard", 1));
            assertNoLeftovers(h, 2); // the profile and the open order ord-1
        }
    }

    @Test
    void orderBeforeCustomerIsCompletedWhenTheCustomerArrives() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(row(PLACED_1)));
            h.processElement1(new StreamRecord<>(row(PLACED_2, CANCELLED_2))); // closed before its customer is known
            h.processElement2(new StreamRecord<>(ADA));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                    row(PLACED_1), row(PLACED_2, CANCELLED_2),                    // no customer yet: null, version as is
                    expected(row(PLACED_1), "Ada", "standard", 1),                // refreshed: same version
                    expected(row(PLACED_2, CANCELLED_2), "Ada", "standard", 1));  // closed, but never had a name
            // the closed order got its first profile and left the state; the open one stays
            assertNoLeftovers(h, 2);
        }
    }

    @Test
    void anUpdateReachesOpenOrdersAndClosedOrdersKeepTheNameTheyClosedWith() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(ADA));
            h.processElement1(new StreamRecord<>(row(PLACED_1)));
            h.processElement1(new StreamRecord<>(row(PLACED_2)));
            h.processElement1(new StreamRecord<>(row(PLACED_2, CANCELLED_2)));
            h.getOutput().clear();
            h.processElement2(new StreamRecord<>(ADA_GOLD));
            h.processElement2(new StreamRecord<>(OrderEvents.customerUpdated("cust-1", 3, at(5), "Ada Lovelace", null)));
            assertThat(h.extractOutputValues()).containsExactly(
                    expected(row(PLACED_1), "Ada", "gold", 2),
                    expected(row(PLACED_1), "Ada Lovelace", "gold", 3));
            h.getOutput().clear();
            // an update that changes neither name nor tier (email only) rewrites nothing
            h.processElement2(new StreamRecord<>(OrderEvents.customerUpdated("cust-1", 4, at(6), null, null)));
            assertThat(h.extractOutputValues()).isEmpty();
            // the next order event of ord-1 carries the current profile
            h.processElement1(new StreamRecord<>(row(PLACED_1, PAID_1)));
            assertThat(h.extractOutputValues()).containsExactly(expected(row(PLACED_1, PAID_1), "Ada Lovelace", "gold", 4));
            assertNoLeftovers(h, 2);
        }
    }

    /**
     * The customer projection's facts ride this operator: one change per new order row, taken from the row as the
     * order projection emitted it and naming the fact of the order's previous row; none for a copy of a row
     * already passed on, none for rows refreshed by a customer change.
     */
    @Test
    void eachNewOrderRowLeavesAsOneFactCopiesAndRefreshesAsNone() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(row(PLACED_1)));
            h.processElement2(new StreamRecord<>(ADA));                              // refreshes ord-1: no fact
            h.processElement1(new StreamRecord<>(row(PLACED_1, PAID_1)));
            h.processElement1(new StreamRecord<>(row(PLACED_1)));                    // a copy: dropped, no fact
            h.processElement1(new StreamRecord<>(row(PLACED_2, CANCELLED_2)));
            h.processElement2(new StreamRecord<>(ADA_GOLD));                         // refreshes ord-1: no fact
            List<OrderFactChange> changes =
                    h.getSideOutput(CustomerDenormalizer.FACTS).stream().map(StreamRecord::getValue).toList();
            assertThat(changes).containsExactly(OrderFactChange.of(null, row(PLACED_1)),
                    OrderFactChange.of(row(PLACED_1), row(PLACED_1, PAID_1)),
                    OrderFactChange.of(null, row(PLACED_2, CANCELLED_2)));
            assertThat(changes).extracting(c -> c.fact.customerId, c -> c.fact.orderId, c -> c.fact.sequence,
                            c -> c.fact.status, c -> c.previous == null ? null : c.previous.status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cust-1", "ord-1", 1L, "placed", null),
                            org.assertj.core.groups.Tuple.tuple("cust-1", "ord-1", 2L, "paid", "placed"),
                            org.assertj.core.groups.Tuple.tuple("cust-1", "ord-2", 2L, "cancelled", null));
        }
    }

    @Test
    void badCustomerEventsBecomeDeadLettersAndChangeNothing() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(OrderEvents.customerUpdated("cust-1", 1, at(0), "Bob", null)));
            h.processElement2(new StreamRecord<>(EventEnvelope.newBuilder(ADA).setSequenceNumber(2L).setEventId("evt-cust-1-2").build()));
            h.processElement2(new StreamRecord<>(OrderEvents.customerRegistered("cust-1", 3, at(1), "Eve", null)));
            h.processElement1(new StreamRecord<>(row(PLACED_1)));
            assertThat(h.extractOutputValues()).containsExactly(expected(row(PLACED_1), "Ada", "standard", 2));
            List<DeadLetter> deadLetters = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(deadLetters).extracting(d -> d.getReason().toString(), d -> d.getStage().toString(),
                            d -> d.getEventId().toString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("unknown-aggregate", "project", "evt-cust-1-1"),
                            org.assertj.core.groups.Tuple.tuple("illegal-transition", "project", "evt-cust-1-3"));
        }
    }

    /** Snapshot mid-stream, restore into a new operator: the replica and the open orders survive, exact rows after. */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void snapshotAndRestoreMidStream(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.setStateBackend(backend(backend));
            h.open();
            h.processElement1(new StreamRecord<>(row(PLACED_1)));                 // waits for its customer
            h.processElement1(new StreamRecord<>(row(PLACED_2, CANCELLED_2)));    // closed, waits too
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness()) {
            h.setStateBackend(backend(backend));
            h.initializeState(snapshot);
            h.open();
            h.processElement2(new StreamRecord<>(ADA));
            h.processElement2(new StreamRecord<>(ADA_GOLD));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                    expected(row(PLACED_1), "Ada", "standard", 1),
                    expected(row(PLACED_2, CANCELLED_2), "Ada", "standard", 1),
                    expected(row(PLACED_1), "Ada", "gold", 2));  // the closed order kept what it closed with
            assertNoTimers(h);
            if (backend.equals("hashmap")) { // the harness counts keyed state entries on the heap backend only
                assertNoLeftovers(h, 2);
            }
        }
    }

    @Test
    void whenEveryOrderIsClosedOnlyTheReplicaIsLeft() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(row(PLACED_2)));
            h.processElement2(new StreamRecord<>(ADA));
            h.processElement1(new StreamRecord<>(row(PLACED_2, CANCELLED_2)));
            assertThat(h.extractOutputValues()).last().isEqualTo(expected(row(PLACED_2, CANCELLED_2), "Ada", "standard", 1));
            assertNoLeftovers(h, 1); // the profile only
        }
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    private static void assertNoLeftovers(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, int stateEntries) {
        assertThat(h.numKeyedStateEntries()).isEqualTo(stateEntries);
        assertNoTimers(h);
    }

    private static void assertNoTimers(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
    }
}
