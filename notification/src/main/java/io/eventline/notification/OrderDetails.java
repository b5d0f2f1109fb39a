package io.eventline.notification;

import java.math.BigDecimal;

/** The order API's answer to {@code GET /orders/{id}} (unknown fields ignored: a tolerant reader). */
public class OrderDetails {
    public String orderId;
    public String customerId;
    public String customerName;
    public String status;
    public int itemCount;
    public BigDecimal total;
    public String currency;

    public OrderDetails() {}
}
