package io.eventline.jobs.orders.projection;

/** The life of an order, as stored in {@code order_summary.status}. */
public enum OrderStatus {
    PLACED("placed"),
    PAID("paid"),
    PAYMENT_FAILED("payment_failed"),
    SHIPPED("shipped"),
    DELIVERED("delivered"),
    CANCELLED("cancelled");

    private final String code;

    OrderStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static OrderStatus fromCode(String code) {
        for (OrderStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown order status " + code);
    }

    /**
     * Whether the order's total counts toward the customer's lifetime value: payment was authorized and the
     * order was not cancelled afterwards (paid, shipped, delivered).
     */
    public boolean countsTowardLifetimeValue() {
        return this == PAID || this == SHIPPED || this == DELIVERED;
    }
}
