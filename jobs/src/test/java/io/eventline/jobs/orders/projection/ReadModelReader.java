package io.eventline.jobs.orders.projection;

import io.eventline.contracts.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the order read-model tables over JDBC (PostgreSQL or SQLite) into row objects, for tests (also the CLI's). */
public final class ReadModelReader {

    private final Connection connection;
    private final SqlDialect dialect;

    public ReadModelReader(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Optional<OrderSummaryRow> order(String orderId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT order_id, customer_id, status, item_count, total, currency, placed_at, updated_at,"
                        + " last_sequence, last_event_id, version, customer_name, customer_tier, customer_version FROM order_summary WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(orderRow(rs)) : Optional.empty();
            }
        }
    }

    public List<OrderSummaryRow> orders() throws SQLException {
        List<OrderSummaryRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT order_id, customer_id, status, item_count, total, currency, placed_at, updated_at,"
                        + " last_sequence, last_event_id, version, customer_name, customer_tier, customer_version FROM order_summary ORDER BY order_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(orderRow(rs));
            }
        }
        return rows;
    }

    public Optional<CustomerOrdersRow> customer(String customerId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT customer_id, orders_placed, orders_cancelled, lifetime_value, last_order_at, updated_at,"
                        + " version FROM customer_orders WHERE customer_id = ?")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(customerRow(rs)) : Optional.empty();
            }
        }
    }

    public List<CustomerOrdersRow> customers() throws SQLException {
        List<CustomerOrdersRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT customer_id, orders_placed, orders_cancelled, lifetime_value, last_order_at, updated_at,"
                        + " version FROM customer_orders ORDER BY customer_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(customerRow(rs));
            }
        }
        return rows;
    }

    public List<ProjectionStatusRow> status() throws SQLException {
        List<ProjectionStatusRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT projection, last_event_at, updated_at, lag_ms, events_applied, version"
                        + " FROM projection_status ORDER BY projection");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ProjectionStatusRow r = new ProjectionStatusRow();
                r.projection = rs.getString("projection");
                r.lastEventAt = dialect.getInstant(rs, "last_event_at");
                r.updatedAt = dialect.getInstant(rs, "updated_at");
                r.lagMs = rs.getLong("lag_ms");
                r.eventsApplied = rs.getLong("events_applied");
                r.version = rs.getLong("version");
                rows.add(r);
            }
        }
        return rows;
    }

    private OrderSummaryRow orderRow(ResultSet rs) throws SQLException {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = rs.getString("order_id");
        r.customerId = rs.getString("customer_id");
        r.status = rs.getString("status");
        r.itemCount = rs.getInt("item_count");
        r.total = dialect.getMoney(rs, "total");
        r.currency = rs.getString("currency");
        r.placedAt = dialect.getInstant(rs, "placed_at");
        r.updatedAt = dialect.getInstant(rs, "updated_at");
        r.lastSequence = rs.getLong("last_sequence");
        r.lastEventId = rs.getString("last_event_id");
        r.version = rs.getLong("version");
        r.customerName = rs.getString("customer_name");
        r.customerTier = rs.getString("customer_tier");
        r.customerVersion = rs.getLong("customer_version");
        return r;
    }

    private CustomerOrdersRow customerRow(ResultSet rs) throws SQLException {
        CustomerOrdersRow r = new CustomerOrdersRow();
        r.customerId = rs.getString("customer_id");
        r.ordersPlaced = rs.getInt("orders_placed");
        r.ordersCancelled = rs.getInt("orders_cancelled");
        r.lifetimeValue = dialect.getMoney(rs, "lifetime_value");
        r.lastOrderAt = dialect.getInstant(rs, "last_order_at");
        r.updatedAt = dialect.getInstant(rs, "updated_at");
        r.version = rs.getLong("version");
        return r;
    }
}
