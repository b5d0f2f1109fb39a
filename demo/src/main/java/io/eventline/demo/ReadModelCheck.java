package io.eventline.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares the sink tables with the generator's expectation, row by row and field by field. */
final class ReadModelCheck {

    record Result(int orderRows, int customerRows, int matchingOrders, int matchingCustomers, List<String> mismatches) {
        boolean matches(Expected expected) {
            return mismatches.isEmpty() && orderRows == expected.orders.size() && customerRows == expected.customers.size();
        }
    }

    private ReadModelCheck() {}

    static Result check(String jdbcUrl, Expected expected) throws SQLException {
        List<String> mismatches = new ArrayList<>();
        int orderRows = 0, customerRows = 0, okOrders = 0, okCustomers = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            if (!tableExists(c, "order_summary")) {
                return new Result(0, 0, 0, 0, List.of("tables not created yet"));
            }
            Map<String, Expected.Order> orders = new HashMap<>(expected.orders);
            try (ResultSet r = s.executeQuery("SELECT order_id, customer_id, status, item_count, total, currency, "
                    + "last_sequence, last_event_id, version FROM order_summary")) {
                while (r.next()) {
                    orderRows++;
                    Expected.Order want = orders.remove(r.getString(1));
                    Expected.Order got = new Expected.Order(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
                            new BigDecimal(r.getString(5)), r.getString(6), r.getLong(7), r.getString(8), r.getLong(9));
                    if (want == null) {
                        note(mismatches, "unexpected order row " + got);
                    } else if (!sameOrder(want, got)) {
                        note(mismatches, "order " + got.orderId() + ": expected " + want + ", found " + got);
                    } else {
                        okOrders++;
                    }
                }
            }
            Map<String, Expected.Customer> customers = new HashMap<>(expected.customers);
            try (ResultSet r = s.executeQuery("SELECT customer_id, orders_placed, orders_cancelled, lifetime_value, "
                    + "last_order_at FROM customer_orders")) {
                while (r.next()) {
                    customerRows++;
                    Expected.Customer want = customers.remove(r.getString(1));
                    Expected.Customer got = new Expected.Customer(r.getString(1), r.getLong(2), r.getLong(3),
                            new BigDecimal(r.getString(4)), instant(r.getObject(5)));
                    if (want == null) {
                        note(mismatches, "unexpected customer row " + got);
                    } else if (!sameCustomer(want, got)) {
                        note(mismatches, "customer " + got.customerId() + ": expected " + want + ", found " + got);
                    } else {
                        okCustomers++;
                    }
                }
            }
            if (!orders.isEmpty()) {
                note(mismatches, orders.size() + " order rows missing, e.g. " + orders.keySet().iterator().next());
            }
            if (!customers.isEmpty()) {
                note(mismatches, customers.size() + " customer rows missing, e.g. " + customers.keySet().iterator().next());
            }
        }
        return new Result(orderRows, customerRows, okOrders, okCustomers, mismatches);
    }

    private static boolean sameOrder(Expected.Order a, Expected.Order b) {
        return a.orderId().equals(b.orderId()) && a.customerId().equals(b.customerId()) && a.status().equals(b.status())
                && a.itemCount() == b.itemCount() && a.total().compareTo(b.total()) == 0
                && a.currency().equals(b.currency()) && a.lastSequence() == b.lastSequence()
                && a.lastEventId().equals(b.lastEventId()) && a.version() == b.version();
    }

    private static boolean sameCustomer(Expected.Customer a, Expected.Customer b) {
        return a.customerId().equals(b.customerId()) && a.ordersPlaced() == b.ordersPlaced()
                && a.ordersCancelled() == b.ordersCancelled() && a.lifetimeValue().compareTo(b.lifetimeValue()) == 0
                && Objects.equals(a.lastOrderAt(), b.lastOrderAt());
    }

    /** SQLite keeps instants as ISO-8601 text, PostgreSQL as timestamptz. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        } else if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        } else if (value instanceof java.time.OffsetDateTime t) {
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
        if (mismatches.size() < 10) {
            mismatches.add(what);
        }
    }
}
