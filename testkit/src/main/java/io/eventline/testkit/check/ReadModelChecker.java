package io.eventline.testkit.check;

import io.eventline.testkit.workload.OrderWorkload;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one independent checker: compares read-model rows (from SQL tables or collected from sinks) and dead-letter
 * counts with the expectation of one or more {@link OrderWorkload}s with disjoint ids, field by field, and names
 * the differences. It knows the tables' columns, not the job's code.
 */
public final class ReadModelChecker {

    /** The outcome of one check; at most {@link #MAX_MISMATCHES} differences are kept. */
    public record Result(long orderRows, long customerRows, long matchingOrders, long matchingCustomers,
            long expectedOrders, long expectedCustomers, List<String> mismatches) {

        public boolean ok() {
            return mismatches.isEmpty();
        }

        public String summary() {
            return ok() ? String.format("ok: %,d order rows, %,d customer rows as expected", orderRows, customerRows)
                    : "FAILED: " + String.join("; ", mismatches);
        }
    }

    static final int MAX_MISMATCHES = 10;

    private ReadModelChecker() {}

    /** Checks rows collected anywhere (e.g. from sinks) against the workloads' expectations. */
    public static Result check(List<OrderWorkload> workloads, Iterable<OrderRow> orders, Iterable<CustomerRow> customers) {
        List<String> mismatches = new ArrayList<>();
        long orderRows = 0, customerRows = 0, okOrders = 0, okCustomers = 0, expectedOrders = 0, expectedCustomers = 0;
        int n = workloads.size();
        BitSet[] seenOrders = new BitSet[n];
        BitSet[] seenCustomers = new BitSet[n];
        CustomerRow[][] wantCustomers = new CustomerRow[n][];
        for (int i = 0; i < n; i++) {
            seenOrders[i] = new BitSet();
            seenCustomers[i] = new BitSet();
            wantCustomers[i] = workloads.get(i).expectedCustomers();
            expectedOrders += workloads.get(i).ordersPresent();
            for (CustomerRow c : wantCustomers[i]) {
                if (c != null) {
                    expectedCustomers++;
                }
            }
        }
        for (OrderRow row : orders) {
            orderRows++;
            int m = -1, k = -1;
            for (int i = 0; i < n && k < 0; i++) {
                k = workloads.get(i).orderIndex(row.orderId());
                m = i;
            }
            if (k < 0 || !workloads.get(m).hasOrder(k)) {
                note(mismatches, "unexpected order row " + row);
                continue;
            }
            if (seenOrders[m].get(k)) {
                note(mismatches, "order row twice: " + row.orderId());
            }
            seenOrders[m].set(k);
            OrderRow want = workloads.get(m).expectedOrder(k);
            if (want.sameAs(row)) {
                okOrders++;
            } else {
                note(mismatches, "order " + row.orderId() + ": expected " + want + ", found " + row);
            }
        }
        for (CustomerRow row : customers) {
            customerRows++;
            int m = -1, c = -1;
            for (int i = 0; i < n && c < 0; i++) {
                c = workloads.get(i).customerIndex(row.customerId());
                m = i;
            }
            CustomerRow want = c < 0 ? null : wantCustomers[m][c];
            if (want == null) {
                note(mismatches, "unexpected customer row " + row);
                continue;
            }
            if (seenCustomers[m].get(c)) {
                note(mismatches, "customer row twice: " + row.customerId());
            }
            seenCustomers[m].set(c);
            if (want.sameAs(row)) {
                okCustomers++;
            } else {
                note(mismatches, "customer " + row.customerId() + ": expected " + want + ", found " + row);
            }
        }
        for (int i = 0; i < n; i++) {
            OrderWorkload w = workloads.get(i);
            long missingOrders = w.ordersPresent() - seenOrders[i].cardinality();
            if (missingOrders > 0) {
                note(mismatches, missingOrders + " order rows missing, e.g. " + firstMissingOrder(w, seenOrders[i]));
            }
            long missingCustomers = 0;
            String example = null;
            for (CustomerRow want : wantCustomers[i]) {
                if (want != null && !seenCustomers[i].get(w.customerIndex(want.customerId()))) {
                    missingCustomers++;
                    example = example == null ? want.customerId() : example;
                }
            }
            if (missingCustomers > 0) {
                note(mismatches, missingCustomers + " customer rows missing, e.g. " + example);
            }
        }
        return new Result(orderRows, customerRows, okOrders, okCustomers, expectedOrders, expectedCustomers, mismatches);
    }

    private static String firstMissingOrder(OrderWorkload w, BitSet seen) {
        for (int k = 0; k < w.aggregates(); k++) {
            if (w.hasOrder(k) && !seen.get(k)) {
                return w.orderId(k);
            }
        }
        return "?";
    }

    /** Reads order_summary and customer_orders (PostgreSQL or SQLite) and checks them. */
    public static Result checkDatabase(String jdbcUrl, List<OrderWorkload> workloads) throws SQLException {
        List<OrderRow> orders = new ArrayList<>();
        List<CustomerRow> customers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            if (!tableExists(c, "order_summary") || !tableExists(c, "customer_orders")) {
                return new Result(0, 0, 0, 0, 0, 0, List.of("tables not created yet"));
            }
            c.setAutoCommit(false); // lets PostgreSQL stream with the fetch size instead of loading all rows
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet r = s.executeQuery("SELECT order_id, customer_id, status, item_count, total, currency, "
                        + "last_sequence, last_event_id, version, placed_at, updated_at, customer_name, customer_tier "
                        + "FROM order_summary")) {
                    while (r.next()) {
                        orders.add(new OrderRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
                                decimal(r.getString(5)), r.getString(6), r.getLong(7), r.getString(8), r.getLong(9),
                                instant(r.getObject(10)), instant(r.getObject(11)), r.getString(12), r.getString(13)));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT customer_id, orders_placed, orders_cancelled, lifetime_value, "
                        + "last_order_at, updated_at, version FROM customer_orders")) {
                    while (r.next()) {
                        customers.add(new CustomerRow(r.getString(1), r.getLong(2), r.getLong(3), decimal(r.getString(4)),
                                instant(r.getObject(5)), instant(r.getObject(6)), r.getLong(7)));
                    }
                }
            }
            c.commit();
        }
        return check(workloads, orders, customers);
    }

    /** The differences between expected and found dead letters by reason; empty when they are equal. */
    public static List<String> deadLetterDifferences(Map<String, Long> expected, Map<String, Long> found) {
        List<String> out = new ArrayList<>();
        TreeSet<String> reasons = new TreeSet<>(expected.keySet());
        reasons.addAll(found.keySet());
        for (String reason : reasons) {
            long want = expected.getOrDefault(reason, 0L), got = found.getOrDefault(reason, 0L);
            if (want != got) {
                out.add(String.format("dead letters %s: expected %d, found %d", reason, want, got));
            }
        }
        return out;
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    /** SQLite keeps instants as ISO-8601 text, PostgreSQL as timestamptz. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        } else if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return Instant.parse(value.toString());
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, null, table, null)) {
            return r.next();
        }
    }

    private static void note(List<String> mismatches, String what) {
        if (mismatches.size() < MAX_MISMATCHES) {
            mismatches.add(what);
        }
    }
}
