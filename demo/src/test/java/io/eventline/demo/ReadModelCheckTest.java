package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadModelCheckTest {

    @Test
    void matchesExactRowsAndNamesEveryDifference(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("check.db");
        Expected expected = new Expected();
        expected.orders.put("ord-1", new Expected.Order("ord-1", "cust-1", "paid", 3, new BigDecimal("99.98"), "USD",
                2, "evt-ord-1-2", 2));
        expected.customers.put("cust-1", new Expected.Customer("cust-1", 1, 0, new BigDecimal("99.98"),
                Instant.parse("2025-06-28T10:00:00Z")));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE order_summary (order_id TEXT PRIMARY KEY, customer_id TEXT, status TEXT, "
                    + "item_count INTEGER, total TEXT, currency TEXT, last_sequence INTEGER, last_event_id TEXT, version INTEGER)");
            s.execute("CREATE TABLE customer_orders (customer_id TEXT PRIMARY KEY, orders_placed INTEGER, "
                    + "orders_cancelled INTEGER, lifetime_value TEXT, last_order_at TEXT)");
            s.execute("INSERT INTO order_summary VALUES ('ord-1', 'cust-1', 'paid', 3, '99.98', 'USD', 2, 'evt-ord-1-2', 2)");
            s.execute("INSERT INTO customer_orders VALUES ('cust-1', 1, 0, '99.980', '2025-06-28T10:00:00.000Z')");
        }
        ReadModelCheck.Result ok = ReadModelCheck.check(url, expected);
        assertThat(ok.mismatches()).isEmpty();
        assertThat(ok.matches(expected)).isTrue();

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE order_summary SET total = '99.99'");
            s.execute("INSERT INTO customer_orders VALUES ('cust-2', 1, 0, '0.00', NULL)");
        }
        ReadModelCheck.Result bad = ReadModelCheck.check(url, expected);
        assertThat(bad.matches(expected)).isFalse();
        assertThat(bad.mismatches()).hasSize(2);
        assertThat(bad.mismatches().get(0)).startsWith("order ord-1: expected").contains("total=99.99");
        assertThat(bad.mismatches().get(1)).startsWith("unexpected customer row").contains("cust-2");
    }
}
