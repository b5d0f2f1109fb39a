package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.cancelled;
import static io.eventline.jobs.orders.projection.OrderEvents.delivered;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.paymentFailed;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderSummaryProjectionTest {

    private static OrderSummaryRow applyAll(EventEnvelope... events) {
        OrderSummaryRow state = null;
        for (EventEnvelope e : events) {
            Outcome<OrderSummaryRow> outcome = OrderSummaryProjection.apply(state, e);
            assertThat(outcome.isApplied()).as("%s", outcome).isTrue();
            state = outcome.state();
        }
        return state;
    }

    @Test
    void placedCreatesTheRow() {
        OrderSummaryRow row = applyAll(placed("ord-1", "cust-1", 1, at(0), "109.98",
                item("WIDGET-01", 2, "49.99"), item("CABLE-02", 1, "10.00")));
        OrderSummaryRow expected = new OrderSummaryRow();
        expected.orderId = "ord-1";
        expected.customerId = "cust-1";
        expected.status = "placed";
        expected.itemCount = 3;
        expected.total = new BigDecimal("109.98");
        expected.currency = "USD";
        expected.placedAt = at(0);
        expected.updatedAt = at(0);
        expected.lastSequence = 1;
        expected.lastEventId = "evt-ord-1-1";
        expected.version = 1;
        assertThat(row).isEqualTo(expected);
    }

    @Test
    void happyPathReachesDeliveredWithOneVersionPerEvent() {
        OrderSummaryRow row = applyAll(
                placed("ord-1", "cust-1", 1, at(0), "10.00", item("A", 1, "10.00")),
                paymentFailed("ord-1", 2, at(1)),
                paid("ord-1", 3, at(2), "10.00"),
                shipped("ord-1", 4, at(3)),
                delivered("ord-1", 5, at(4)));
        assertThat(row.status).isEqualTo("delivered");
        assertThat(row.version).isEqualTo(5);
        assertThat(row.lastSequence).isEqualTo(5);
        assertThat(row.lastEventId).isEqualTo("evt-ord-1-5");
        assertThat(row.placedAt).isEqualTo(at(0));
        assertThat(row.updatedAt).isEqualTo(at(4));
    }

    @Test
    void cancellationIsAllowedUntilShipment() {
        assertThat(applyAll(placed("o", "c", 1, at(0), "1.00"), cancelled("o", 2, at(1))).status).isEqualTo("cancelled");
        assertThat(applyAll(placed("o", "c", 1, at(0), "1.00"), paymentFailed("o", 2, at(1)), cancelled("o", 3, at(2))).status)
                .isEqualTo("cancelled");
        assertThat(applyAll(placed("o", "c", 1, at(0), "1.00"), paid("o", 2, at(1), "1.00"), cancelled("o", 3, at(2))).status)
                .isEqualTo("cancelled");
    }

    @Test
    void theInputStateIsNeverModified() {
        OrderSummaryRow placedRow = applyAll(placed("o", "c", 1, at(0), "1.00"));
        OrderSummaryRow before = placedRow.copy();
        OrderSummaryProjection.apply(placedRow, paid("o", 2, at(1), "1.00"));
        assertThat(placedRow).isEqualTo(before);
    }

    private static Outcome<OrderSummaryRow> reject(OrderSummaryRow state, EventEnvelope event) {
        Outcome<OrderSummaryRow> outcome = OrderSummaryProjection.apply(state, event);
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
        return outcome;
    }

    @Test
    void shippedForAnUnknownOrderIsRejectedAsUnknownAggregate() {
        Outcome<OrderSummaryRow> outcome = reject(null, shipped("ord-9", 1, at(0)));
        assertThat(outcome.reason()).isEqualTo("unknown-aggregate");
        assertThat(outcome.message()).isEqualTo("OrderShipped for order ord-9 that was never placed");
    }

    @Test
    void shippedForACancelledOrderIsAnIllegalTransition() {
        OrderSummaryRow state = applyAll(placed("o", "c", 1, at(0), "1.00"), cancelled("o", 2, at(1)));
        Outcome<OrderSummaryRow> outcome = reject(state, shipped("o", 3, at(2)));
        assertThat(outcome.reason()).isEqualTo("illegal-transition");
        assertThat(outcome.message()).isEqualTo("OrderShipped is not allowed for order o in status cancelled");
    }

    @Test
    void everyOtherIllegalTransitionIsRejected() {
        OrderSummaryRow placedRow = applyAll(placed("o", "c", 1, at(0), "1.00"));
        assertThat(reject(placedRow, shipped("o", 2, at(1))).message())
                .isEqualTo("OrderShipped is not allowed for order o in status placed");
        assertThat(reject(placedRow, delivered("o", 2, at(1))).reason()).isEqualTo("illegal-transition");
        assertThat(reject(placedRow, placed("o", "c", 2, at(1), "1.00")).message())
                .isEqualTo("OrderPlaced is not allowed for order o in status placed");
        OrderSummaryRow shippedRow = applyAll(placed("o", "c", 1, at(0), "1.00"), paid("o", 2, at(1), "1.00"),
                shipped("o", 3, at(2)));
        assertThat(reject(shippedRow, cancelled("o", 4, at(3))).message())
                .isEqualTo("OrderCancelled is not allowed for order o in status shipped");
        assertThat(reject(shippedRow, paid("o", 4, at(3), "1.00")).reason()).isEqualTo("illegal-transition");
    }

    @Test
    void staleSequenceAndMismatchedAggregateAreRejected() {
        OrderSummaryRow placedRow = applyAll(placed("o", "c", 1, at(0), "1.00"));
        Outcome<OrderSummaryRow> stale = reject(placedRow, paid("o", 1, at(1), "1.00"));
        assertThat(stale.reason()).isEqualTo("stale-sequence");
        assertThat(stale.message()).isEqualTo("PaymentAuthorized for order o has sequence 1, at or below the last applied 1");

        EventEnvelope mismatched = paid("o", 2, at(1), "1.00");
        mismatched.setAggregateId("other");
        Outcome<OrderSummaryRow> outcome = reject(placedRow, mismatched);
        assertThat(outcome.reason()).isEqualTo("aggregate-mismatch");
        assertThat(outcome.message()).isEqualTo("PaymentAuthorized names order o but aggregate other");

        EventEnvelope noSequence = paid("o", 2, at(1), "1.00");
        noSequence.setSequenceNumber(null);
        assertThat(reject(placedRow, noSequence).reason()).isEqualTo("missing-sequence");
    }

    @Test
    void aGapInSequenceNumbersIsApplied() {
        // The ordering operator's skip policy may release events after a gap; the projection follows.
        OrderSummaryRow row = applyAll(placed("o", "c", 1, at(0), "1.00"), paid("o", 3, at(1), "1.00"));
        assertThat(row.lastSequence).isEqualTo(3);
        assertThat(row.version).isEqualTo(2);
    }
}
