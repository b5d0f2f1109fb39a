package io.eventline.cli.query;

import io.eventline.contracts.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's reads of the order read models, as rows of column name to value in table order (what the CLI prints).
 * Money and instants are read per {@link SqlDialect}, the way the job's sinks wrote them.
 */
public final class ReadModelQueries implements AutoCloseable {

    enum Kind { TEXT, LONG, MONEY, INSTANT }

    record Column(String name, Kind kind) {}

    static final List<Column> ORDER_SUMMARY = List.of(
            new Column("order_id", Kind.TEXT), new Column("customer_id", Kind.TEXT), new Column("status", Kind.TEXT),
            new Column("item_count", Kind.LONG), new Column("total", Kind.MONEY), new Column("currency", Kind.TEXT),
            new Column("placed_at", Kind.INSTANT), new Column("updated_at", Kind.INSTANT),
            new Column("last_sequence", Kind.LONG), new Column("last_event_id", Kind.TEXT),
            new Column("version", Kind.LONG),
            // denormalized from the customer replica (null until the customer is known); customer_version, the
            // sink's refresh guard, is not shown
            new Column("customer_name", Kind.TEXT), new Column("customer_tier", Kind.TEXT));

    static final List<Column> CUSTOMER_ORDERS = List.of(
            new Column("customer_id", Kind.TEXT), new Column("orders_placed", Kind.LONG),
            new Column("orders_cancelled", Kind.LONG), new Column("lifetime_value", Kind.MONEY),
            new Column("last_order_at", Kind.INSTANT), new Column("updated_at", Kind.INSTANT),
            new Column("version", Kind.LONG));

    static final List<Column> PROJECTION_STATUS = List.of(
            new Column("projection", Kind.TEXT), new Column("last_event_at", Kind.INSTANT),
            new Column("updated_at", Kind.INSTANT), new Column("lag_ms", Kind.LONG),
            new Column("events_applied", Kind.LONG), new Column("version", Kind.LONG));

    /** The saga module's saga_instance read model (deploy/sql/&lt;dialect&gt;/saga_instance.sql). */
    static final List<Column> SAGA_INSTANCE = List.of(
            new Column("saga_id", Kind.TEXT), new Column("saga_type", Kind.TEXT), new Column("state", Kind.TEXT),
            new Column("current_step", Kind.TEXT), new Column("attempts", Kind.LONG),
            new Column("deadline", Kind.INSTANT), new Column("compensated", Kind.LONG),
            new Column("to_compensate", Kind.LONG), new Column("last_error", Kind.TEXT),
            new Column("started_at", Kind.INSTANT), new Column("updated_at", Kind.INSTANT),
            new Column("version", Kind.LONG));

    private final Connection connection;
    private final SqlDialect dialect;

    public ReadModelQueries(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Optional<Map<String, Object>> order(String orderId) throws SQLException {
        return first(select("order_summary", ORDER_SUMMARY, "order_id", orderId));
    }

    public Optional<Map<String, Object>> customer(String customerId) throws SQLException {
        return first(select("customer_orders", CUSTOMER_ORDERS, "customer_id", customerId));
    }

    public Optional<Map<String, Object>> saga(String sagaId) throws SQLException {
        return first(select("saga_instance", SAGA_INSTANCE, "saga_id", sagaId));
    }

    /** Sagas in a state (all of them when null), by saga id. */
    public List<Map<String, Object>> sagas(String state) throws SQLException {
        List<Map<String, Object>> rows = select("saga_instance", SAGA_INSTANCE, state == null ? null : "state", state);
        rows.sort(java.util.Comparator.comparing(r -> (String) r.get("saga_id")));
        return rows;
    }

    public List<Map<String, Object>> status() throws SQLException {
        return select("projection_status", PROJECTION_STATUS, null, null);
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** Rows of {@code table}, all of them ordered by the first column, or those where {@code key = value}. */
    private List<Map<String, Object>> select(String table, List<Column> columns, String key, String value)
            throws SQLException {
        String sql = "SELECT " + String.join(", ", names(columns)) + " FROM " + table
                + (key == null ? " ORDER BY " + columns.get(0).name() : " WHERE " + key + " = ?");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (Column c : columns) {
                        row.put(c.name(), read(rs, c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Object read(ResultSet rs, Column column) throws SQLException {
        return switch (column.kind()) {
            case TEXT -> rs.getString(column.name());
            case LONG -> rs.getLong(column.name());
            case MONEY -> dialect.getMoney(rs, column.name());
            case INSTANT -> dialect.getInstant(rs, column.name());
        };
    }

    private static Optional<Map<String, Object>> first(List<Map<String, Object>> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
