package io.eventline.saga.orchestrator;

import io.eventline.common.saga.SagaOutcome;
import io.eventline.common.saga.SagaStatus;
import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderCancelled;
import io.eventline.saga.SagaMessages;
import io.eventline.sagas.FulfilmentOrder;
import java.time.Instant;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A compensated fulfilment saga as an {@code OrderCancelled} event of its order, so the order read models
 * follow. The saga owns the order after {@code OrderPlaced}, so the event takes the next sequence number; its
 * event id is derived from the order id, so a replay after a restart is a recognised duplicate.
 */
final class OrderCancellations implements FlatMapFunction<SagaOutcome, EventEnvelope> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(SagaOutcome outcome, Collector<EventEnvelope> out) {
        if (outcome.status != SagaStatus.COMPENSATED || outcome.data == null) {
            return;
        }
        FulfilmentOrder order = SagaMessages.order(outcome.data);
        out.collect(EventEnvelope.newBuilder()
                .setEventId("saga-cancel-" + order.getOrderId())
                .setEventType("OrderCancelled")
                .setAggregateType("Order")
                .setAggregateId(order.getOrderId())
                .setSequenceNumber(order.getOrderSequence() + 1)
                .setTimestamp(Instant.ofEpochMilli(outcome.at))
                .setVersion("1.0")
                .setCausationId(outcome.sagaId)
                .setPayload(OrderCancelled.newBuilder().setOrderId(order.getOrderId())
                        .setReason(outcome.lastError == null ? "fulfilment failed" : outcome.lastError).build())
                .build());
    }
}
