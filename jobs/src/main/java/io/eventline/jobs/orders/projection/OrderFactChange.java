package io.eventline.jobs.orders.projection;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the customer replica tells the customer projection about one new order row: the order's fact after the
 * row ({@link #fact}) and the fact it replaces ({@link #previous}, {@code null} for an order new to its customer).
 *
 * <p>Carrying the previous fact (issue 12) spares the customer projection its own copy of every order's last fact:
 * the replica already holds each open order's latest row ({@link CustomerDenormalizer}), and a closed order never
 * has another row (delivered and cancelled are final), so the two copies were the same facts twice, ~85 bytes of
 * state and a RocksDB read and write per order row. Each row reaches the replica once (exactly-once in one job,
 * copies dropped there by version), so each change is counted once. Chained, never stored:
 * {@link OrderFactChangeSerializer} serves only a pipeline that breaks the chain.
 */
@TypeInfo(OrderFactChangeSerializer.Factory.class)
public class OrderFactChange {
    /** The order's last fact before this row, {@code null} if the customer has not seen the order. */
    public OrderFact previous;
    /** The order's fact after this row. */
    public OrderFact fact;

    public OrderFactChange() {}

    /** The change from {@code previousRow} ({@code null}: none) to {@code row}, both rows of one order. */
    public static OrderFactChange of(OrderSummaryRow previousRow, OrderSummaryRow row) {
        OrderFactChange change = new OrderFactChange();
        change.previous = previousRow == null ? null : OrderFact.of(previousRow);
        change.fact = OrderFact.of(row);
        return change;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderFactChange c && Objects.equals(previous, c.previous) && Objects.equals(fact, c.fact);
    }

    @Override
    public int hashCode() {
        return Objects.hash(previous, fact);
    }

    @Override
    public String toString() {
        return "OrderFactChange{" + previous + " -> " + fact + "}";
    }
}
