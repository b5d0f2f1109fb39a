package io.eventline.contracts;

/** Topic names of the order-fulfilment saga, shared by the orchestrator, its participants and the CLI. */
public final class SagaTopics {

    public static final String INVENTORY_COMMANDS = "inventory-commands";
    public static final String PAYMENT_COMMANDS = "payment-commands";
    public static final String SHIPPING_COMMANDS = "shipping-commands";
    public static final String REPLIES = "saga-replies";

    private SagaTopics() {
    }
}
