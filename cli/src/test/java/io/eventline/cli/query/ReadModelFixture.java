package io.eventline.cli.query;

import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.TestDatabase;
import io.eventline.common.sink.UpsertTable;
import io.eventline.contracts.SqlDialect;
import io.eventline.jobs.orders.projection.CustomerOrdersProjectionTest;
import io.eventline.jobs.orders.projection.OrderReadModelsTestRows;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Read-model tables with known rows, written with the job's own DDL and row binders: order ord-1 (delivered,
 * 109.98 USD, sequence 4), customer cust-1, and two projection_status rows.
 */
public final class ReadModelFixture {

    /** How {@code query order ord-1} prints that row. */
    public static final String ORD1_TABLE = String.join("\n",
            "order_id       ord-1",
            "customer_id    cust-1",
            "status         delivered",
            "item_count     3",
            "total          109.98",
            "currency       USD",
            "placed_at      2025-06-28T10:00:00Z",
            "updated_at     2025-06-28T10:03:00Z",
            "last_sequence  4",
            "last_event_id  evt-ord-1-4",
            "version        4",
            "customer_name  Ada",
            "customer_tier  ", "");

    private ReadModelFixture() {}

    public static String database(TestDatabase db) throws Exception {
        String url = db.newDatabase("cli");
        try (Connection c = TestDatabase.connect(url)) {
            SqlScripts.execute(c, ReadModelTables.ddl(db.dialect()).get(0));
        }
        write(url, db.dialect(), ReadModelTables.ORDER_SUMMARY, OrderReadModelsTestRows.ord1());
        write(url, db.dialect(), ReadModelTables.CUSTOMER_ORDERS,
                CustomerOrdersProjectionTest.customer("cust-1", 2, 1, "109.98", 10, 11, 6));
        write(url, db.dialect(), ReadModelTables.PROJECTION_STATUS, OrderReadModelsTestRows.status("order_summary", 13));
        write(url, db.dialect(), ReadModelTables.PROJECTION_STATUS, OrderReadModelsTestRows.status("customer_orders", 13));
        return url;
    }

    public static <T> void write(String url, SqlDialect dialect, UpsertTable<T> table, T row) throws Exception {
        try (Connection c = TestDatabase.connect(url); PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            table.binder().bind(ps, row, dialect);
            ps.executeUpdate();
        }
    }
}
