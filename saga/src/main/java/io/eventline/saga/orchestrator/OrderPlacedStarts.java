package io.eventline.saga.orchestrator;

import io.eventline.common.saga.SagaInput;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.saga.SagaMessages;
import io.eventline.sagas.FulfilmentItem;
import io.eventline.sagas.FulfilmentOrder;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Starts a fulfilment saga, with the order id as saga id, for every OrderPlaced; other events are not its concern. */
final class OrderPlacedStarts implements FlatMapFunction<EventEnvelope, SagaInput> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(EventEnvelope event, Collector<SagaInput> out) {
        if (!(event.getPayload() instanceof OrderPlaced placed)) {
            return;
        }
        FulfilmentOrder order = FulfilmentOrder.newBuilder()
                .setOrderId(placed.getOrderId())
                .setCustomerId(placed.getCustomerId())
                .setItems(placed.getItems().stream().map(OrderPlacedStarts::item).toList())
                .setAmount(placed.getTotal())
                .setCurrency(placed.getCurrency())
                .setOrderSequence(event.getSequenceNumber() == null ? 1 : event.getSequenceNumber())
                .build();
        out.collect(SagaInput.start(placed.getOrderId(), event.getEventId(), SagaMessages.encode(order)));
    }

    private static FulfilmentItem item(LineItem line) {
        return FulfilmentItem.newBuilder().setSku(line.getSku()).setQuantity(line.getQuantity()).build();
    }
}
