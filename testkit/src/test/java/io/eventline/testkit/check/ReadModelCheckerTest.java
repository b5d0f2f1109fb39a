package io.eventline.testkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadModelCheckerTest {

    private final OrderWorkload workload = new OrderWorkload(WorkloadSettings.builder().seed(5).events(60).aggregates(20)
            .customers(5).build());
    private String url;

    @BeforeEach
    void expectedRowsInSqlite(@TempDir Path dir) throws Exception {
        workload.remaining();
        url = "jdbc:sqlite:" + dir.resolve("check.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE order_summary (order_id TEXT PRIMARY KEY, customer_id TEXT, status TEXT, "
                    + "item_count INTEGER, total TEXT, currency TEXT, placed_at TEXT, updated_at TEXT, "
                    + "last_sequence INTEGER, last_event_id TEXT, version INTEGER, customer_name TEXT, customer_tier TEXT)");
            s.execute("CREATE TABLE customer_orders (customer_id TEXT PRIMARY KEY, orders_placed INTEGER, "
                    + "orders_cancelled INTEGER, lifetime_value TEXT, last_order_at TEXT, updated_at TEXT, version INTEGER)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO order_summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int k = 0; k < workload.aggregates(); k++) {
                    if (workload.hasOrder(k)) {
                        OrderRow o = workload.expectedOrder(k);
                        Object[] v = {o.orderId(), o.customerId(), o.status(), o.itemCount(), o.total().toPlainString(),
                                o.currency(), o.placedAt().toString(), o.updatedAt().toString(), o.lastSequence(),
                                o.lastEventId(), o.version(), o.customerName(), o.customerTier()};
                        for (int i = 0; i < v.length; i++) {
                            p.setObject(i + 1, v[i]);
                        }
                        p.executeUpdate();
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customer_orders VALUES (?,?,?,?,?,?,?)")) {
                for (CustomerRow r : workload.expectedCustomers()) {
                    if (r != null) {
                        Object[] v = {r.customerId(), r.ordersPlaced(), r.ordersCancelled(),
                                r.lifetimeValue().setScale(3).toPlainString(), r.lastOrderAt().toString(),
                                r.updatedAt().toString(), r.version()};
                        for (int i = 0; i < v.length; i++) {
                            p.setObject(i + 1, v[i]);
                        }
                        p.executeUpdate();
                    }
                }
            }
        }
    }

    @Test
    void matchesTheExpectedRows() throws Exception {
        ReadModelChecker.Result ok = ReadModelChecker.checkDatabase(url, List.of(workload));
        assertThat(ok.mismatches()).isEmpty();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.matchingOrders()).isEqualTo(ok.expectedOrders()).isEqualTo(workload.ordersPresent());
        assertThat(ok.summary()).startsWith("ok: " + workload.ordersPresent() + " order rows");
    }

    @Test
    void namesEveryDifference() throws Exception {
        String order = workload.orderId(firstOrder());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE order_summary SET total = '0.01' WHERE order_id = '" + order + "'");
            s.execute("INSERT INTO customer_orders VALUES ('cust-x', 1, 0, '0.00', NULL, '2025-06-28T10:00:00Z', 1)");
            s.execute("DELETE FROM customer_orders WHERE customer_id = '" + workload.customerId(firstCustomer()) + "'");
        }
        ReadModelChecker.Result bad = ReadModelChecker.checkDatabase(url, List.of(workload));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.mismatches()).hasSize(3);
        assertThat(bad.mismatches().get(0)).startsWith("order " + order + ": expected").contains("total=0.01");
        assertThat(bad.mismatches().get(1)).startsWith("unexpected customer row").contains("cust-x");
        assertThat(bad.mismatches().get(2)).isEqualTo("1 customer rows missing, e.g. " + workload.customerId(firstCustomer()));
    }

    @Test
    void deadLetterDifferencesNameEachReason() {
        assertThat(ReadModelChecker.deadLetterDifferences(Map.of("malformed", 2L), Map.of("malformed", 2L))).isEmpty();
        assertThat(ReadModelChecker.deadLetterDifferences(Map.of("malformed", 2L, "gap-timeout", 1L),
                Map.of("malformed", 3L, "parked", 1L))).containsExactly(
                "dead letters gap-timeout: expected 1, found 0", "dead letters malformed: expected 2, found 3",
                "dead letters parked: expected 0, found 1");
    }

    private int firstOrder() {
        int k = 0;
        while (!workload.hasOrder(k)) {
            k++;
        }
        return k;
    }

    private int firstCustomer() {
        CustomerRow[] c = workload.expectedCustomers();
        int i = 0;
        while (c[i] == null) {
            i++;
        }
        return i;
    }
}
