package io.eventline.jobs.orders.projection;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The {@code customer_orders} projection as a pure function over {@link OrderFact}s.
 *
 * <h2>Re-keying, each order event counted once</h2>
 *
 * Only OrderPlaced carries the customerId. The order projection (keyed by orderId) knows it from its state and,
 * for every event it applies, emits a row; keyed by customerId, the customer replica turns each new row into an
 * {@link OrderFact}, the order's absolute state as it concerns the customer (status, total, placement time,
 * sequence), and names the fact it replaces: the one of the order's previous row, which the replica holds while
 * the order is open ({@link OrderFactChange}). Applying a fact replaces that order's previous contribution: placed
 * count +1 only for an order not seen before, the cancelled count and the lifetime value move by the difference
 * between the old and new contribution, so the result does not depend on how orders interleave. A fact whose
 * sequence is at or below the previous one's changes nothing; the replica drops copies of rows, so each fact is
 * applied once.
 *
 * <h2>Lifetime value</h2>
 *
 * The sum of totals of orders whose payment was authorized and not cancelled afterwards: status paid, shipped
 * or delivered ({@link OrderStatus#countsTowardLifetimeValue()}). Counted at payment rather than delivery
 * because payment is when the money is committed; a cancellation after payment (a refund) takes it out again.
 */
public final class CustomerOrdersProjection {

    public static final String NAME = "customer_orders";

    private CustomerOrdersProjection() {}

    /**
     * The customer's new row, or {@code ignored} for a stale fact; on {@code applied}, {@code fact} is the order's
     * contribution from now on.
     *
     * @param row the customer's row, {@code null} before the first fact; never modified
     * @param previous the last fact applied for {@code fact.orderId}, {@code null} if none
     */
    public static Outcome<CustomerOrdersRow> apply(CustomerOrdersRow row, OrderFact previous, OrderFact fact) {
        if (previous != null && fact.sequence <= previous.sequence) {
            return Outcome.ignored("fact for order " + fact.orderId + " at sequence " + fact.sequence
                    + " already applied (last " + previous.sequence + ")");
        }
        CustomerOrdersRow next;
        if (row == null) {
            next = new CustomerOrdersRow();
            next.customerId = fact.customerId;
            next.lifetimeValue = BigDecimal.ZERO.setScale(2);
        } else {
            next = row.copy();
        }
        if (previous == null) {
            next.ordersPlaced += 1;
        }
        next.ordersCancelled += cancelled(fact) - cancelled(previous);
        next.lifetimeValue = next.lifetimeValue.add(value(fact)).subtract(value(previous));
        next.lastOrderAt = max(next.lastOrderAt, fact.placedAt);
        next.updatedAt = max(next.updatedAt, fact.eventTime);
        next.version += 1;
        return Outcome.applied(next);
    }

    private static int cancelled(OrderFact fact) {
        return fact != null && OrderStatus.CANCELLED.code().equals(fact.status) ? 1 : 0;
    }

    private static BigDecimal value(OrderFact fact) {
        if (fact == null || !OrderStatus.fromCode(fact.status).countsTowardLifetimeValue()) {
            return BigDecimal.ZERO;
        }
        return fact.total;
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
