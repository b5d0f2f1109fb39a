package io.eventline.jobs.orders.projection;

import io.eventline.contracts.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.UpsertTable;
import java.util.List;

/**
 * The order domain's read-model tables. Their DDL lives in {@code deploy/sql/<postgres|sqlite>/} and ships
 * on the classpath under {@code sql/<postgres|sqlite>/}.
 */
public final class ReadModelTables {

    public static final String DDL_SCRIPT = "001_read_models.sql";

    private ReadModelTables() {}

    /**
     * With last_event_id as identity: a row of a stored version but another last event is a version conflict; with
     * customer_version as refresh: a customer change rewrites a row of the same version ({@link CustomerDenormalizer}).
     */
    public static final UpsertTable<OrderSummaryRow> ORDER_SUMMARY = UpsertTable.<OrderSummaryRow>of(
            "order_summary",
            List.of("order_id"),
            List.of("order_id", "customer_id", "status", "item_count", "total", "currency", "placed_at",
                    "updated_at", "last_sequence", "last_event_id", "version", "customer_name", "customer_tier",
                    "customer_version"),
            row -> row.orderId,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.orderId);
                ps.setString(2, row.customerId);
                ps.setString(3, row.status);
                ps.setInt(4, row.itemCount);
                dialect.setMoney(ps, 5, row.total);
                ps.setString(6, row.currency);
                dialect.setInstant(ps, 7, row.placedAt);
                dialect.setInstant(ps, 8, row.updatedAt);
                ps.setLong(9, row.lastSequence);
                ps.setString(10, row.lastEventId);
                ps.setLong(11, row.version);
                ps.setString(12, row.customerName);
                ps.setString(13, row.customerTier);
                ps.setLong(14, row.customerVersion);
            }).withIdentity("last_event_id", row -> row.lastEventId)
            .withRefresh("customer_version", row -> row.customerVersion);

    public static final UpsertTable<CustomerOrdersRow> CUSTOMER_ORDERS = UpsertTable.of(
            "customer_orders",
            List.of("customer_id"),
            List.of("customer_id", "orders_placed", "orders_cancelled", "lifetime_value", "last_order_at",
                    "updated_at", "version"),
            row -> row.customerId,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.customerId);
                ps.setInt(2, row.ordersPlaced);
                ps.setInt(3, row.ordersCancelled);
                dialect.setMoney(ps, 4, row.lifetimeValue);
                dialect.setInstant(ps, 5, row.lastOrderAt);
                dialect.setInstant(ps, 6, row.updatedAt);
                ps.setLong(7, row.version);
            });

    public static final UpsertTable<ProjectionStatusRow> PROJECTION_STATUS = UpsertTable.of(
            "projection_status",
            List.of("projection"),
            List.of("projection", "last_event_at", "updated_at", "lag_ms", "events_applied", "version"),
            row -> row.projection,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.projection);
                dialect.setInstant(ps, 2, row.lastEventAt);
                dialect.setInstant(ps, 3, row.updatedAt);
                ps.setLong(4, row.lagMs);
                ps.setLong(5, row.eventsApplied);
                ps.setLong(6, row.version);
            });

    /** The DDL scripts for a database, from the classpath. */
    public static List<String> ddl(SqlDialect dialect) {
        return List.of(SqlScripts.load(ReadModelTables.class.getClassLoader(),
                "sql/" + dialect.scriptFolder() + "/" + DDL_SCRIPT));
    }
}
