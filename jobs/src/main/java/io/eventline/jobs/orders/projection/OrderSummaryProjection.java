package io.eventline.jobs.orders.projection;

import io.eventline.contracts.SqlDialect;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderDelivered;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.PaymentFailed;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code order_summary} projection as a pure function: no Flink, no clock, no I/O. The state is the row.
 *
 * <pre>
 *   OrderPlaced        (none)                         -> placed
 *   PaymentAuthorized  placed, payment_failed         -> paid
 *   PaymentFailed      placed, payment_failed         -> payment_failed
 *   OrderShipped       paid                           -> shipped
 *   OrderDelivered     shipped                        -> delivered
 *   OrderCancelled     placed, payment_failed, paid   -> cancelled
 * </pre>
 *
 * Anything else is rejected, never thrown: {@value #UNKNOWN_AGGREGATE} (an event for an order never placed),
 * {@value #ILLEGAL_TRANSITION} (not allowed from the current status, or a second OrderPlaced),
 * {@value #STALE_SEQUENCE} (at or below the last applied sequence number), {@value #MISSING_SEQUENCE},
 * {@value #AGGREGATE_MISMATCH} (payload orderId differs from the envelope's aggregateId) and
 * {@value #UNSUPPORTED_EVENT} (not an order event).
 */
public final class OrderSummaryProjection {

    public static final String NAME = "order_summary";

    public static final String UNKNOWN_AGGREGATE = "unknown-aggregate";
    public static final String ILLEGAL_TRANSITION = "illegal-transition";
    public static final String STALE_SEQUENCE = "stale-sequence";
    public static final String MISSING_SEQUENCE = "missing-sequence";
    public static final String AGGREGATE_MISMATCH = "aggregate-mismatch";
    public static final String UNSUPPORTED_EVENT = "unsupported-event";

    private static final Set<OrderStatus> PAYABLE = EnumSet.of(OrderStatus.PLACED, OrderStatus.PAYMENT_FAILED);
    private static final Set<OrderStatus> CANCELLABLE =
            EnumSet.of(OrderStatus.PLACED, OrderStatus.PAYMENT_FAILED, OrderStatus.PAID);

    private OrderSummaryProjection() {}

    /** Whether the event is one this projection handles (an order event), so wiring can route by it. */
    public static boolean isOrderEvent(EventEnvelope event) {
        return orderIdOf(event.getPayload()) != null;
    }

    /**
     * Applies one event to the order's state.
     *
     * @param state the order's row, {@code null} when no event was applied to it yet; never modified
     */
    public static Outcome<OrderSummaryRow> apply(OrderSummaryRow state, EventEnvelope event) {
        Object payload = event.getPayload();
        String orderId = orderIdOf(payload);
        if (orderId == null) {
            return Outcome.rejected(UNSUPPORTED_EVENT, event.getEventType() + " is not an order event");
        }
        if (!orderId.equals(event.getAggregateId())) {
            return Outcome.rejected(AGGREGATE_MISMATCH,
                    event.getEventType() + " names order " + orderId + " but aggregate " + event.getAggregateId());
        }
        Long sequence = event.getSequenceNumber();
        if (sequence == null) {
            return Outcome.rejected(MISSING_SEQUENCE, event.getEventType() + " for order " + orderId + " has no sequence number");
        }
        if (state != null && sequence <= state.lastSequence) {
            return Outcome.rejected(STALE_SEQUENCE, event.getEventType() + " for order " + orderId + " has sequence "
                    + sequence + ", at or below the last applied " + state.lastSequence);
        }

        OrderSummaryRow next;
        if (payload instanceof OrderPlaced) {
            if (state != null) {
                return illegal(event, orderId, state);
            }
            OrderPlaced placed = (OrderPlaced) payload;
            next = new OrderSummaryRow();
            next.orderId = orderId;
            next.customerId = placed.getCustomerId();
            next.status = OrderStatus.PLACED.code();
            int units = 0;
            for (LineItem item : placed.getItems()) {
                units += item.getQuantity();
            }
            next.itemCount = units;
            next.total = SqlDialect.money(placed.getTotal());
            next.currency = placed.getCurrency();
            next.placedAt = event.getTimestamp();
            next.version = 0;
        } else {
            if (state == null) {
                return Outcome.rejected(UNKNOWN_AGGREGATE,
                        event.getEventType() + " for order " + orderId + " that was never placed");
            }
            OrderStatus from = state.orderStatus();
            OrderStatus to;
            if (payload instanceof PaymentAuthorized && PAYABLE.contains(from)) {
                to = OrderStatus.PAID;
            } else if (payload instanceof PaymentFailed && PAYABLE.contains(from)) {
                to = OrderStatus.PAYMENT_FAILED;
            } else if (payload instanceof OrderShipped && from == OrderStatus.PAID) {
                to = OrderStatus.SHIPPED;
            } else if (payload instanceof OrderDelivered && from == OrderStatus.SHIPPED) {
                to = OrderStatus.DELIVERED;
            } else if (payload instanceof OrderCancelled && CANCELLABLE.contains(from)) {
                to = OrderStatus.CANCELLED;
            } else {
                return illegal(event, orderId, state);
            }
            next = state.copy();
            next.status = to.code();
        }
        next.updatedAt = event.getTimestamp();
        next.lastSequence = sequence;
        next.lastEventId = event.getEventId();
        next.version = (state == null ? 0 : state.version) + 1;
        return Outcome.applied(next);
    }

    private static Outcome<OrderSummaryRow> illegal(EventEnvelope event, String orderId, OrderSummaryRow state) {
        return Outcome.rejected(ILLEGAL_TRANSITION,
                event.getEventType() + " is not allowed for order " + orderId + " in status " + state.status);
    }

    static String orderIdOf(Object payload) {
        if (payload instanceof OrderPlaced) {
            return ((OrderPlaced) payload).getOrderId();
        } else if (payload instanceof PaymentAuthorized) {
            return ((PaymentAuthorized) payload).getOrderId();
        } else if (payload instanceof PaymentFailed) {
            return ((PaymentFailed) payload).getOrderId();
        } else if (payload instanceof OrderShipped) {
            return ((OrderShipped) payload).getOrderId();
        } else if (payload instanceof OrderDelivered) {
            return ((OrderDelivered) payload).getOrderId();
        } else if (payload instanceof OrderCancelled) {
            return ((OrderCancelled) payload).getOrderId();
        }
        return null;
    }
}
