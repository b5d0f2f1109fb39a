package io.eventline.jobs.orders.projection;

/** Expected rows of the scenario, for tests in other packages. */
public final class OrderReadModelsTestRows {

    private OrderReadModelsTestRows() {}

    public static OrderSummaryRow ord1() {
        // cust-1 registered as Ada before the scenario's orders (no tier)
        return OrderReadModelsITCase.withCustomer(
                OrderReadModelsITCase.order("ord-1", "cust-1", "delivered", 3, "109.98", 0, 3, 4), "Ada", null, 1);
    }

    public static ProjectionStatusRow status(String projection, long applied) {
        return OrderReadModelsITCase.status(projection, applied);
    }
}
