package io.eventline.notification;

import java.math.BigDecimal;
import java.util.Objects;

/** The order API's answer to {@code GET /orders/{id}} (unknown fields ignored: a tolerant reader). A Flink POJO. */
public class OrderDetails {
    public String orderId;
    public String customerId;
    public String customerName;
    public String status;
    public int itemCount;
    public BigDecimal total;
    public String currency;

    public OrderDetails() {}

    /** Money compares by value: 10.5 and 10.50 are the same total. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OrderDetails d && itemCount == d.itemCount && Objects.equals(orderId, d.orderId)
                && Objects.equals(customerId, d.customerId) && Objects.equals(customerName, d.customerName)
                && Objects.equals(status, d.status) && Objects.equals(currency, d.currency)
                && (total == null ? d.total == null : d.total != null && total.compareTo(d.total) == 0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, customerId);
    }

    @Override
    public String toString() {
        return customerName + " (" + customerId + "), " + status + ", " + itemCount + " items, " + total + " " + currency;
    }
}
