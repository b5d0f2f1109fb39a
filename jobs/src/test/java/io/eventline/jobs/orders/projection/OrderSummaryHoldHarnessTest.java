package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.cancelled;
import static io.eventline.jobs.orders.projection.OrderEvents.delivered;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Holding in the order projection (gap policy PARK): an order whose event the projection rejected applies nothing
 * after it until that event is replayed and applied; then the replays of the parked events apply in order.
 */
class OrderSummaryHoldHarnessTest {

    // ord-a: the payment (2) is missing when the shipment (3) arrives, e.g. released by an UNPARK that accepted the
    // gap; the payment turns up later and is replayed. ord-b: a healthy neighbour.
    private final EventEnvelope placedA = placed("ord-a", "cust-a", 1, at(0), "20.00", item("BOOK-07", 1, "20.00"));
    private final EventEnvelope paidA = paid("ord-a", 2, at(1), "20.00");
    private final EventEnvelope shippedA = shipped("ord-a", 3, at(2));
    private final EventEnvelope deliveredA = delivered("ord-a", 4, at(3));
    private final EventEnvelope placedB = placed("ord-b", "cust-b", 1, at(0), "5.50", item("PEN-03", 1, "5.50"));
    private final EventEnvelope paidB = paid("ord-b", 2, at(4), "5.50");

    private static KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> harness(boolean hold)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OrderSummaryFunction("orders-job", hold)),
                EventEnvelope::getAggregateId, Types.STRING);
    }

    @Test
    void aRejectedEventHoldsItsOrderUntilItsReplayAppliesThenTheParkedReplaysApplyInOrder() throws Exception {
        try (var h = harness(true)) {
            h.open();
            send(h, placedA, placedB, shippedA, deliveredA, paidB);

            assertThat(deadLetters(h)).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber,
                            DeadLetter::getStage)
                    .containsExactly(tuple("illegal-transition", 3L, "project"), tuple("parked", 4L, "project"));
            assertThat(deadLetters(h).get(1).getMessage()).isEqualTo(
                    "order ord-a is held at sequence number 3 (rejected by the projection); replay it, then this event");
            assertThat(lastRows(h)).containsExactly(fold(placedA), fold(placedB, paidB)); // ord-b unaffected
            assertThat(h.numKeyedStateEntries()).as("two rows and ord-a's hold").isEqualTo(3);

            // eventline dlq replay --aggregate ord-a, in sequence order: the late payment, then what was rejected.
            send(h, replay(paidA, "order", "late-after-skip"), replay(shippedA, "project", "illegal-transition"),
                    replay(deliveredA, "project", "parked"));

            assertThat(deadLetters(h)).hasSize(2);
            assertThat(lastRows(h)).containsExactly(fold(placedA, paidA, shippedA, deliveredA), fold(placedB, paidB));
            assertThat(h.numKeyedStateEntries()).as("the hold is released: rows only").isEqualTo(2);
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aReplayOfAParkedEventBeforeTheRejectedOneIsParkedAgain() throws Exception {
        try (var h = harness(true)) {
            h.open();
            send(h, placedA, shippedA, deliveredA, replay(deliveredA, "project", "parked"));

            assertThat(deadLetters(h)).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber,
                            DeadLetter::getAttempt)
                    .containsExactly(tuple("illegal-transition", 3L, 1), tuple("parked", 4L, 1),
                            tuple("parked", 4L, 2));
            assertThat(lastRows(h)).containsExactly(fold(placedA));
        }
    }

    @Test
    void withoutHoldingLaterEventsApplyWhereTheProjectionAllowsThem() throws Exception {
        EventEnvelope cancelledA = cancelled("ord-a", 4, at(3));
        try (var hold = harness(true); var skip = harness(false)) {
            hold.open();
            skip.open();
            send(hold, placedA, shippedA, cancelledA);
            send(skip, placedA, shippedA, cancelledA);

            assertThat(deadLetters(hold)).extracting(DeadLetter::getReason)
                    .containsExactly("illegal-transition", "parked");
            assertThat(lastRows(hold)).containsExactly(fold(placedA));
            assertThat(deadLetters(skip)).extracting(DeadLetter::getReason).containsExactly("illegal-transition");
            assertThat(lastRows(skip)).containsExactly(fold(placedA, cancelledA));
            assertThat(skip.numKeyedStateEntries()).as("no hold without holding").isEqualTo(1);
        }
    }

    @Test
    void aStaleCopyOfAnAppliedEventDoesNotHold() throws Exception {
        try (var h = harness(true)) {
            h.open();
            send(h, placedA, paidA, replay(paidA, "project", "unknown-aggregate"), shippedA);

            assertThat(deadLetters(h)).extracting(DeadLetter::getReason).containsExactly("stale-sequence");
            assertThat(lastRows(h)).containsExactly(fold(placedA, paidA, shippedA));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void anEventOfAnOrderNeverPlacedHoldsItUntilTheOrderIsPlacedAndTheEventReplayed() throws Exception {
        try (var h = harness(true)) {
            h.open();
            send(h, paidA, shippedA);
            assertThat(deadLetters(h)).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                    .containsExactly(tuple("unknown-aggregate", 2L), tuple("parked", 3L));

            send(h, replay(placedA, "order", "late-after-skip"), replay(paidA, "project", "unknown-aggregate"),
                    replay(shippedA, "project", "parked"));
            assertThat(deadLetters(h)).hasSize(2);
            assertThat(lastRows(h)).containsExactly(fold(placedA, paidA, shippedA));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void theHoldSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(true)) {
            h.open();
            send(h, placedA, shippedA);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness(true)) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, deliveredA, replay(paidA, "order", "late-after-skip"),
                    replay(shippedA, "project", "illegal-transition"), replay(deliveredA, "project", "parked"));

            assertThat(deadLetters(restored)).extracting(DeadLetter::getReason).containsExactly("parked");
            assertThat(lastRows(restored)).containsExactly(fold(placedA, paidA, shippedA, deliveredA));
            assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> h,
            EventEnvelope... events) throws Exception {
        for (EventEnvelope e : events) {
            h.processElement(e, e.getTimestamp().toEpochMilli());
        }
    }

    private static EventEnvelope replay(EventEnvelope event, String stage, String reason) {
        return EventEnvelope.newBuilder(event).setReplay(new ReplayInfo("orders.dlq:0:1", stage, reason, 2)).build();
    }

    private static List<DeadLetter> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> h) {
        var records = h.getSideOutput(DeadLetters.TAG);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** The latest row per order, in order of first appearance. */
    private static List<OrderSummaryRow> lastRows(
            KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, OrderSummaryRow> h) {
        var last = new java.util.LinkedHashMap<String, OrderSummaryRow>();
        for (OrderSummaryRow r : h.extractOutputValues()) {
            last.put(r.orderId, r);
        }
        return List.copyOf(last.values());
    }

    /** The row of the events applied one after another, as a run without any failure writes it. */
    static OrderSummaryRow fold(EventEnvelope... events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            Outcome<OrderSummaryRow> o = OrderSummaryProjection.apply(row, e);
            assertThat(o.isApplied()).as(o.toString()).isTrue();
            row = o.state();
        }
        return row;
    }
}
