package io.eventline.bench;

import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;

/** Between the job's sink rows and the checker's rows: the checker never sees the job's classes. */
final class ReadModelRows {

    private ReadModelRows() {}

    static OrderRow toCheck(OrderSummaryRow r) {
        return new OrderRow(r.orderId, r.customerId, r.status, r.itemCount, r.total, r.currency, r.lastSequence,
                r.lastEventId, r.version, r.placedAt, r.updatedAt, r.customerName, r.customerTier);
    }

    static CustomerRow toCheck(CustomerOrdersRow r) {
        return new CustomerRow(r.customerId, r.ordersPlaced, r.ordersCancelled, r.lifetimeValue, r.lastOrderAt,
                r.updatedAt, r.version);
    }

    /** The job's sink row holding the expected values (for the loader, run 6). */
    static OrderSummaryRow toSink(OrderRow e) {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = e.orderId();
        r.customerId = e.customerId();
        r.status = e.status();
        r.itemCount = e.itemCount();
        r.total = e.total();
        r.currency = e.currency();
        r.placedAt = e.placedAt();
        r.updatedAt = e.updatedAt();
        r.lastSequence = e.lastSequence();
        r.lastEventId = e.lastEventId();
        r.version = e.version();
        r.customerName = e.customerName();
        r.customerTier = e.customerTier();
        return r;
    }

    static CustomerOrdersRow toSink(CustomerRow e) {
        CustomerOrdersRow r = new CustomerOrdersRow();
        r.customerId = e.customerId();
        r.ordersPlaced = Math.toIntExact(e.ordersPlaced());
        r.ordersCancelled = Math.toIntExact(e.ordersCancelled());
        r.lifetimeValue = e.lifetimeValue();
        r.lastOrderAt = e.lastOrderAt();
        r.updatedAt = e.updatedAt();
        r.version = e.version();
        return r;
    }
}
