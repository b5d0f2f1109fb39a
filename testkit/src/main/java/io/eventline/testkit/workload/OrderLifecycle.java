package io.eventline.testkit.workload;

import java.util.List;

/**
 * The shapes of order life the generator draws from, and its own model of which transitions are legal. The model
 * is written here independently of the job's projection, so that the demo checks the job against a second
 * implementation rather than against itself.
 */
public enum OrderLifecycle {
    DELIVERED(60, List.of("OrderPlaced", "PaymentAuthorized", "OrderShipped", "OrderDelivered")),
    CANCELLED_AFTER_PAYMENT(15, List.of("OrderPlaced", "PaymentAuthorized", "OrderCancelled")),
    RETRIED_PAYMENT(10, List.of("OrderPlaced", "PaymentFailed", "PaymentAuthorized", "OrderShipped")),
    CANCELLED_AFTER_FAILURE(10, List.of("OrderPlaced", "PaymentFailed", "OrderCancelled")),
    PAID(5, List.of("OrderPlaced", "PaymentAuthorized"));

    public final int weight;
    public final List<String> eventTypes;

    OrderLifecycle(int weight, List<String> eventTypes) {
        this.weight = weight;
        this.eventTypes = eventTypes;
    }

    public static OrderLifecycle pick(java.util.Random random) {
        int roll = random.nextInt(100);
        for (OrderLifecycle l : values()) {
            roll -= l.weight;
            if (roll < 0) {
                return l;
            }
        }
        return DELIVERED;
    }

    /** The status after {@code eventType} from {@code status} ({@code null}: not placed), or null when illegal. */
    public static String next(String status, String eventType) {
        if (status == null) {
            return eventType.equals("OrderPlaced") ? "placed" : null;
        }
        return switch (eventType) {
            case "PaymentAuthorized" -> status.equals("placed") || status.equals("payment_failed") ? "paid" : null;
            case "PaymentFailed" -> status.equals("placed") || status.equals("payment_failed") ? "payment_failed" : null;
            case "OrderShipped" -> status.equals("paid") ? "shipped" : null;
            case "OrderDelivered" -> status.equals("shipped") ? "delivered" : null;
            case "OrderCancelled" -> status.equals("placed") || status.equals("payment_failed") || status.equals("paid")
                    ? "cancelled" : null;
            default -> null;
        };
    }

    public static boolean countsTowardLifetimeValue(String status) {
        return status.equals("paid") || status.equals("shipped") || status.equals("delivered");
    }
}
