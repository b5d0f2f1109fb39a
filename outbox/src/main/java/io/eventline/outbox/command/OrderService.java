package io.eventline.outbox.command;

import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.outbox.OutboxDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The command side of the order domain: each command is one PostgreSQL transaction that checks and writes the
 * {@code orders} row and appends its event to the outbox, so the event exists if and only if the change does.
 * The events are the project's {@link EventEnvelope} with the order-domain payloads, so the order-projections job
 * consumes what the relay publishes unchanged.
 *
 * <p>Transitions (as the {@code order_summary} projection applies them): place (new order) → placed;
 * authorizePayment: placed → paid; ship: paid → shipped; cancel: placed or paid → cancelled.
 */
public final class OrderService {

    public static final String AGGREGATE_TYPE = "Order";

    private final OutboxDatabase database;
    private final Clock clock;

    public OrderService(OutboxDatabase database) {
        this(database, Clock.systemUTC());
    }

    public OrderService(OutboxDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EventEnvelope placeOrder(String orderId, String customerId, List<LineItem> items, String currency)
            throws SQLException {
        if (items.isEmpty()) {
            throw new OrderRejectedException("order " + orderId + " has no items");
        }
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (LineItem item : items) {
            total = total.add(item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
        }
        BigDecimal orderTotal = total.setScale(2, RoundingMode.UNNECESSARY);
        return inTransaction(orderId, c -> {
            if (status(c, orderId) != null) {
                throw new OrderRejectedException("order " + orderId + " already exists");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO orders (order_id, customer_id, status,"
                    + " item_count, total, currency) VALUES (?, ?, 'placed', ?, ?, ?)")) {
                s.setString(1, orderId);
                s.setString(2, customerId);
                s.setInt(3, items.size());
                s.setBigDecimal(4, orderTotal);
                s.setString(5, currency);
                s.executeUpdate();
            }
            return new OrderPlaced(orderId, customerId, List.copyOf(items), orderTotal, currency);
        });
    }

    public EventEnvelope authorizePayment(String orderId, String paymentId, BigDecimal amount) throws SQLException {
        return inTransaction(orderId, c -> {
            String currency = requireStatus(c, orderId, Set.of("placed"), "authorize payment");
            update(c, "UPDATE orders SET status = 'paid', payment_id = ?, updated_at = now() WHERE order_id = ?",
                    paymentId, orderId);
            return new PaymentAuthorized(orderId, paymentId, amount.setScale(2, RoundingMode.UNNECESSARY), currency);
        });
    }

    public EventEnvelope ship(String orderId, String carrier, String trackingNumber) throws SQLException {
        return inTransaction(orderId, c -> {
            requireStatus(c, orderId, Set.of("paid"), "ship");
            update(c, "UPDATE orders SET status = 'shipped', carrier = ?, tracking_number = ?, updated_at = now()"
                    + " WHERE order_id = ?", carrier, trackingNumber, orderId);
            return new OrderShipped(orderId, carrier, trackingNumber);
        });
    }

    public EventEnvelope cancel(String orderId, String reason) throws SQLException {
        return inTransaction(orderId, c -> {
            requireStatus(c, orderId, Set.of("placed", "paid"), "cancel");
            update(c, "UPDATE orders SET status = 'cancelled', cancel_reason = ?, updated_at = now()"
                    + " WHERE order_id = ?", reason, orderId);
            return new OrderCancelled(orderId, reason);
        });
    }

    /** The business change of one command: checks and writes the orders row, returns the event's payload. */
    @FunctionalInterface
    private interface Change {
        Object apply(Connection connection) throws SQLException;
    }

    private EventEnvelope inTransaction(String orderId, Change change) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                AggregateLock.acquire(c, AGGREGATE_TYPE, orderId);
                Object payload = change.apply(c);
                EventEnvelope event = OutboxAppender.append(c, AGGREGATE_TYPE, orderId, payload,
                        Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), null);
                c.commit();
                return event;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The order's currency when its status is one of {@code allowed}. */
    private static String requireStatus(Connection c, String orderId, Set<String> allowed, String command)
            throws SQLException {
        String[] row = status(c, orderId);
        if (row == null) {
            throw new OrderRejectedException("cannot " + command + ": no order " + orderId);
        }
        if (!allowed.contains(row[0])) {
            throw new OrderRejectedException("cannot " + command + " order " + orderId + " in status " + row[0]);
        }
        return row[1];
    }

    /** {status, currency}, or null when there is no such order. */
    private static String[] status(Connection c, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status, currency FROM orders WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
