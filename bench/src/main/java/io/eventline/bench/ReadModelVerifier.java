package io.eventline.bench;

import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/** Compares read-model rows, wherever they come from, with the workloads' expected read models, field by field. */
final class ReadModelVerifier {

    record Result(long orderRows, long customerRows, long expectedOrders, long expectedCustomers, List<String> mismatches) {
        boolean ok() {
            return mismatches.isEmpty();
        }

        String summary() {
            return ok() ? String.format("ok: %,d order rows, %,d customer rows as expected", orderRows, customerRows)
                    : "FAILED: " + String.join("; ", mismatches);
        }
    }

    private ReadModelVerifier() {}

    static Result verify(List<Workload> models, Iterable<OrderSummaryRow> orders, Iterable<CustomerOrdersRow> customers) {
        List<String> mismatches = new ArrayList<>();
        long orderRows = 0, customerRows = 0, expectedOrders = 0, expectedCustomers = 0;
        BitSet[] seenOrders = new BitSet[models.size()];
        BitSet[] seenCustomers = new BitSet[models.size()];
        Workload.ExpectedCustomer[][] wantCustomers = new Workload.ExpectedCustomer[models.size()][];
        for (int i = 0; i < models.size(); i++) {
            seenOrders[i] = new BitSet();
            seenCustomers[i] = new BitSet();
            wantCustomers[i] = models.get(i).expectedCustomers();
            expectedOrders += models.get(i).ordersPresent();
            for (Workload.ExpectedCustomer c : wantCustomers[i]) {
                if (c != null) {
                    expectedCustomers++;
                }
            }
        }
        for (OrderSummaryRow row : orders) {
            orderRows++;
            int m = modelOfOrder(models, row.orderId);
            if (m < 0) {
                note(mismatches, "unexpected order row " + row);
                continue;
            }
            Workload w = models.get(m);
            int k = w.orderIndex(row.orderId);
            if (k >= w.length.length || w.length[k] == 0) {
                note(mismatches, "unexpected order row " + row);
                continue;
            }
            if (seenOrders[m].get(k)) {
                note(mismatches, "order row twice: " + row.orderId);
            }
            seenOrders[m].set(k);
            Workload.ExpectedOrder want = w.expectedOrder(k);
            if (!want.customerId().equals(row.customerId) || !want.status().equals(row.status)
                    || want.itemCount() != row.itemCount || row.total == null || want.total().compareTo(row.total) != 0
                    || !want.currency().equals(row.currency) || want.lastSequence() != row.lastSequence
                    || !want.lastEventId().equals(row.lastEventId) || want.version() != row.version) {
                note(mismatches, "order " + row.orderId + ": expected " + want + ", found " + row);
            }
        }
        for (CustomerOrdersRow row : customers) {
            customerRows++;
            int m = modelOfCustomer(models, row.customerId);
            Workload.ExpectedCustomer want = null;
            int c = -1;
            if (m >= 0) {
                c = models.get(m).customerIndex(row.customerId);
                want = c < wantCustomers[m].length ? wantCustomers[m][c] : null;
            }
            if (want == null) {
                note(mismatches, "unexpected customer row " + row);
                continue;
            }
            if (seenCustomers[m].get(c)) {
                note(mismatches, "customer row twice: " + row.customerId);
            }
            seenCustomers[m].set(c);
            if (want.ordersPlaced() != row.ordersPlaced || want.ordersCancelled() != row.ordersCancelled
                    || row.lifetimeValue == null || want.lifetimeValue().compareTo(row.lifetimeValue) != 0
                    || !Objects.equals(want.lastOrderAt(), row.lastOrderAt) || want.version() != row.version) {
                note(mismatches, "customer " + row.customerId + ": expected " + want + ", found " + row);
            }
        }
        for (int i = 0; i < models.size(); i++) {
            long missingOrders = models.get(i).ordersPresent() - seenOrders[i].cardinality();
            if (missingOrders > 0) {
                note(mismatches, missingOrders + " order rows missing (" + models.get(i).settings.idPrefix() + ")");
            }
            long missingCustomers = 0;
            for (Workload.ExpectedCustomer want : wantCustomers[i]) {
                if (want != null && !seenCustomers[i].get(models.get(i).customerIndex(want.customerId()))) {
                    missingCustomers++;
                }
            }
            if (missingCustomers > 0) {
                note(mismatches, missingCustomers + " customer rows missing (" + models.get(i).settings.idPrefix() + ")");
            }
        }
        return new Result(orderRows, customerRows, expectedOrders, expectedCustomers, mismatches);
    }

    private static int modelOfOrder(List<Workload> models, String orderId) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).isOrderId(orderId)) {
                return i;
            }
        }
        return -1;
    }

    private static int modelOfCustomer(List<Workload> models, String customerId) {
        for (int i = 0; i < models.size(); i++) {
            if (customerId.startsWith(models.get(i).settings.idPrefix() + "-cust-")) {
                return i;
            }
        }
        return -1;
    }

    private static void note(List<String> mismatches, String what) {
        if (mismatches.size() < 8) {
            mismatches.add(what);
        }
    }

    /** Reads order_summary and customer_orders from a database and verifies them. */
    static Result verifyDatabase(String jdbcUrl, List<Workload> models) throws SQLException {
        List<OrderSummaryRow> orders = new ArrayList<>();
        List<CustomerOrdersRow> customers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet r = s.executeQuery("SELECT order_id, customer_id, status, item_count, total, currency, "
                        + "last_sequence, last_event_id, version FROM order_summary")) {
                    while (r.next()) {
                        OrderSummaryRow row = new OrderSummaryRow();
                        row.orderId = r.getString(1);
                        row.customerId = r.getString(2);
                        row.status = r.getString(3);
                        row.itemCount = r.getInt(4);
                        row.total = new BigDecimal(r.getString(5));
                        row.currency = r.getString(6);
                        row.lastSequence = r.getLong(7);
                        row.lastEventId = r.getString(8);
                        row.version = r.getLong(9);
                        orders.add(row);
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT customer_id, orders_placed, orders_cancelled, lifetime_value, "
                        + "last_order_at, version FROM customer_orders")) {
                    while (r.next()) {
                        CustomerOrdersRow row = new CustomerOrdersRow();
                        row.customerId = r.getString(1);
                        row.ordersPlaced = r.getInt(2);
                        row.ordersCancelled = r.getInt(3);
                        row.lifetimeValue = new BigDecimal(r.getString(4));
                        java.time.OffsetDateTime t = r.getObject(5, java.time.OffsetDateTime.class);
                        row.lastOrderAt = t == null ? null : t.toInstant();
                        row.version = r.getLong(6);
                        customers.add(row);
                    }
                }
            }
            c.commit();
        }
        return verify(models, orders, customers);
    }
}
