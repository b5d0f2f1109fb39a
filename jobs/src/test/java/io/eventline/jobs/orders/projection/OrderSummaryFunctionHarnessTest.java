package io.eventline.jobs.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class OrderSummaryFunctionHarnessTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new OrderSummaryFunction("orders-job")),
                        e -> e.getAggregateId(), Types.STRING);
        return h;
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void illegalEventsBecomeExactDeadLettersAtStageProject() throws Exception {
        try (var h = harness()) {
            h.open();
            for (EventEnvelope e : OrderEvents.scenario()) {
                h.processElement(e, 0L);
            }
            List<DeadLetter> deadLetters = values(h.getSideOutput(DeadLetters.TAG));
            EventEnvelope shippedAfterCancel = OrderEvents.shipped("ord-2", 3, OrderEvents.at(12));
            EventEnvelope shippedUnknown = OrderEvents.shipped("ord-9", 1, OrderEvents.at(25));
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters.get(0)).isEqualTo(expected(shippedAfterCancel, "illegal-transition",
                    "OrderShipped is not allowed for order ord-2 in status cancelled", deadLetters.get(0)));
            assertThat(deadLetters.get(1)).isEqualTo(expected(shippedUnknown, "unknown-aggregate",
                    "OrderShipped for order ord-9 that was never placed", deadLetters.get(1)));
            assertThat(deadLetters.get(0).getStage()).isEqualTo("project");
            assertThat(EventEnvelope.fromByteBuffer(deadLetters.get(1).getValue())).isEqualTo(shippedUnknown);

            // 13 order events applied: one row and one tick each; the customer event is skipped.
            assertThat(h.extractOutputValues()).hasSize(13);
            assertThat(values(h.getSideOutput(OrderSummaryFunction.TICKS))).hasSize(13);
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // one state entry per order placed, nothing for the unknown order or the customer event
            assertThat(h.numKeyedStateEntries()).isEqualTo(5);
        }
    }

    @Test
    void aReplayedCopyOfAnAppliedEventIsRejectedNeverAppliedTwice() throws Exception {
        try (var h = harness()) {
            h.open();
            EventEnvelope placed = OrderEvents.placed("ord-1", "cust-1", 1, OrderEvents.at(0), "20.00",
                    OrderEvents.item("BOOK-07", 1, "20.00"));
            EventEnvelope paid = OrderEvents.paid("ord-1", 2, OrderEvents.at(1), "20.00");
            EventEnvelope replayedPaid = EventEnvelope.newBuilder(paid)
                    .setReplay(new io.eventline.events.ReplayInfo("orders.dlq:0:3", "project", "unknown-aggregate", 2))
                    .build();
            h.processElement(placed, 0L);
            h.processElement(paid, 0L);
            h.processElement(replayedPaid, 0L);

            assertThat(h.extractOutputValues()).extracting(r -> r.lastSequence, r -> r.version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L), org.assertj.core.groups.Tuple.tuple(2L, 2L));
            List<DeadLetter> deadLetters = values(h.getSideOutput(DeadLetters.TAG));
            assertThat(deadLetters).extracting(DeadLetter::getReason, DeadLetter::getAttempt)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("stale-sequence", 2));
        }
    }

    private static DeadLetter expected(EventEnvelope event, String reason, String message, DeadLetter actual) {
        return DeadLetters.forEvent(event, new OrderEnvelopeCodec(), Stage.PROJECT, reason, message, "orders-job")
                .setFailedAt(actual.getFailedAt())
                .build();
    }

    @Test
    void restoringASnapshotAndReplayingTheRestGivesTheSameRows() throws Exception {
        List<EventEnvelope> events = OrderEvents.interleave(OrderEvents.scenario(), 7);
        int cut = events.size() / 2;
        OperatorSubtaskState snapshot;
        List<OrderSummaryRow> uninterrupted;
        int rowsBeforeCut;
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(events.get(i), i);
            }
            rowsBeforeCut = h.extractOutputValues().size();
            snapshot = h.snapshot(1L, cut);
            for (int i = cut; i < events.size(); i++) {
                h.processElement(events.get(i), i);
            }
            uninterrupted = h.extractOutputValues();
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = cut; i < events.size(); i++) {
                restored.processElement(events.get(i), i);
            }
            assertThat(restored.extractOutputValues())
                    .isEqualTo(new ArrayList<>(uninterrupted.subList(rowsBeforeCut, uninterrupted.size())));
        }
    }

    /**
     * The order rows through the customer replica (each row twice: the copy must not count) into the customer
     * function: each order event counted once, and the customer function keeps one row per customer and no
     * per-order state (the fact a change replaces comes from the replica).
     */
    @Test
    void customerFunctionCountsEachOrderEventOnceEvenWhenRowsRepeat() throws Exception {
        List<OrderSummaryRow> orderRows;
        try (var h = harness()) {
            h.open();
            for (EventEnvelope e : OrderEvents.scenario()) {
                h.processElement(e, 0L);
            }
            orderRows = h.extractOutputValues();
        }
        List<OrderFactChange> changes;
        try (var replica = new KeyedTwoInputStreamOperatorTestHarness<String, OrderSummaryRow, EventEnvelope, OrderSummaryRow>(
                new KeyedCoProcessOperator<>(new CustomerDenormalizer("orders-job")),
                row -> row.customerId, EventEnvelope::getAggregateId, Types.STRING)) {
            replica.open();
            for (OrderSummaryRow row : orderRows) {
                replica.processElement1(new StreamRecord<>(row));
                replica.processElement1(new StreamRecord<>(row.copy())); // a copy of a row already passed on
            }
            changes = values(replica.getSideOutput(CustomerDenormalizer.FACTS));
        }
        assertThat(changes).hasSize(13);
        try (var c = new KeyedOneInputStreamOperatorTestHarness<String, OrderFactChange, CustomerOrdersRow>(
                new KeyedProcessOperator<>(new CustomerOrdersFunction()), change -> change.fact.customerId, Types.STRING)) {
            c.open();
            for (OrderFactChange change : changes) {
                c.processElement(change, 0L);
            }
            List<CustomerOrdersRow> rows = c.extractOutputValues();
            assertThat(rows).hasSize(13);
            CustomerOrdersRow last1 = null;
            for (CustomerOrdersRow r : rows) {
                if (r.customerId.equals("cust-1")) {
                    last1 = r;
                }
            }
            assertThat(last1).isEqualTo(CustomerOrdersProjectionTest.customer("cust-1", 2, 1, "109.98", 10, 11, 6));
            long customers = orderRows.stream().map(r -> r.customerId).distinct().count();
            assertThat(c.numKeyedStateEntries()).isEqualTo((int) customers); // the row per customer, nothing per order
            assertThat(c.numProcessingTimeTimers()).isZero();
            assertThat(c.numEventTimeTimers()).isZero();
        }
    }
}
