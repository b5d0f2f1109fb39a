package io.eventline.jobs.orders.envelope;

import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.projection.OrderEvents;
import org.junit.jupiter.api.Test;

/** The order domain's envelope rules beyond the shape: aggregate type per event type, positive units, money. */
class OrderEnvelopeValidatorTest {

    @Test
    void aValidOrderHasNoViolation() {
        assertThat(OrderEnvelopeValidator.violations(placed("o-1", "c-1", 1, OrderEvents.T0, "20.00",
                item("SKU-1", 2, "10.00")))).isEmpty();
    }

    @Test
    void anOrderEventMustBeOfAnOrderAggregate() {
        EventEnvelope event = placed("o-1", "c-1", 1, OrderEvents.T0, "20.00", item("SKU-1", 2, "10.00"));
        event.setAggregateType("Customer");
        assertThat(OrderEnvelopeValidator.violations(event))
                .containsExactly("aggregateType of a OrderPlaced must be Order, was Customer");
    }

    @Test
    void unitsArePositiveAndMoneyIsNotNegative() {
        EventEnvelope event = placed("o-1", "c-1", 1, OrderEvents.T0, "-5.00",
                item("SKU-1", -2, "10.00"), item("SKU-2", 0, "-1.00"));
        assertThat(OrderEnvelopeValidator.violations(event)).containsExactly(
                "items[0].quantity must be >= 1, was -2",
                "items[1].quantity must be >= 1, was 0",
                "items[1].unitPrice must not be negative, was -1.00",
                "total must not be negative, was -5.00");
    }
}
