package io.eventline.saga;

import io.eventline.common.saga.RetryPolicy;
import io.eventline.common.saga.SagaDefinition;
import io.eventline.common.saga.SagaStep;
import io.eventline.contracts.SagaTopics;
import java.time.Duration;
import java.util.List;

/**
 * The order-fulfilment saga: reserve the stock, authorize the payment, arrange the shipment. A failure undoes
 * what was done in reverse order (void the payment, release the stock). The shipment is the last step, so no
 * later step can fail after it; its compensation (cancel the shipment) runs only when its own reply never came
 * (timeout) or came after the saga had given up on it.
 */
public final class FulfilmentSaga {

    public static final String TYPE = "order-fulfilment";

    public static final String INVENTORY = "inventory";
    public static final String PAYMENT = "payment";
    public static final String SHIPPING = "shipping";

    public static final String RESERVE_INVENTORY = "ReserveInventory";
    public static final String INVENTORY_RESERVED = "InventoryReserved";
    public static final String INVENTORY_REJECTED = "InventoryRejected";
    public static final String RELEASE_INVENTORY = "ReleaseInventory";
    public static final String INVENTORY_RELEASED = "InventoryReleased";

    public static final String AUTHORIZE_PAYMENT = "AuthorizePayment";
    public static final String PAYMENT_AUTHORIZED = "PaymentAuthorized";
    public static final String PAYMENT_FAILED = "PaymentFailed";
    public static final String VOID_PAYMENT = "VoidPayment";
    public static final String PAYMENT_VOIDED = "PaymentVoided";

    public static final String ARRANGE_SHIPMENT = "ArrangeShipment";
    public static final String SHIPMENT_ARRANGED = "ShipmentArranged";
    public static final String SHIPMENT_FAILED = "ShipmentFailed";
    public static final String CANCEL_SHIPMENT = "CancelShipment";
    public static final String SHIPMENT_CANCELLED = "ShipmentCancelled";

    private FulfilmentSaga() {
    }

    /** The saga with its timing: each step's timeout, its retries, and how long finished sagas are remembered. */
    public static SagaDefinition definition(Timing timing) {
        RetryPolicy retry = RetryPolicy.exponential(timing.attempts(), timing.initialBackoff(), 2.0,
                timing.initialBackoff().multipliedBy(16), 0.2);
        return new SagaDefinition(TYPE, List.of(
                SagaStep.named(INVENTORY).sends(RESERVE_INVENTORY, SagaTopics.INVENTORY_COMMANDS)
                        .advancesOn(INVENTORY_RESERVED).failsOn(INVENTORY_REJECTED)
                        .compensatedWith(RELEASE_INVENTORY, INVENTORY_RELEASED)
                        .timeout(timing.stepTimeout()).retry(retry).build(),
                SagaStep.named(PAYMENT).sends(AUTHORIZE_PAYMENT, SagaTopics.PAYMENT_COMMANDS)
                        .advancesOn(PAYMENT_AUTHORIZED).failsOn(PAYMENT_FAILED)
                        .compensatedWith(VOID_PAYMENT, PAYMENT_VOIDED)
                        .timeout(timing.stepTimeout()).retry(retry).build(),
                SagaStep.named(SHIPPING).sends(ARRANGE_SHIPMENT, SagaTopics.SHIPPING_COMMANDS)
                        .advancesOn(SHIPMENT_ARRANGED).failsOn(SHIPMENT_FAILED)
                        .compensatedWith(CANCEL_SHIPMENT, SHIPMENT_CANCELLED)
                        .timeout(timing.stepTimeout()).retry(retry).build()),
                timing.stepTimeout(), RetryPolicy.exponential(timing.compensationAttempts(), timing.initialBackoff(),
                        2.0, timing.initialBackoff().multipliedBy(16), 0.2),
                timing.finishedRetention());
    }

    /** The saga's timing. */
    public record Timing(Duration stepTimeout, int attempts, Duration initialBackoff, int compensationAttempts,
            Duration finishedRetention) implements java.io.Serializable {

        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(30), 4, Duration.ofSeconds(1), 20, Duration.ofHours(24));
        }
    }
}
