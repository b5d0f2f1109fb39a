package io.eventline.jobs.orders.envelope;

import io.eventline.common.serde.InvalidEnvelopeException;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericContainer;

/** The order envelope's rules, which both input formats share (DESIGN.md "Event envelope"). */
public final class OrderEnvelopeValidator {

    private OrderEnvelopeValidator() {}

    /** Every violation of {@code event}, in field order; empty when it is valid. */
    public static List<String> violations(EventEnvelope event) {
        List<String> out = new ArrayList<>();
        requireText(out, "eventId", event.getEventId());
        requireText(out, "eventType", event.getEventType());
        requireText(out, "aggregateType", event.getAggregateType());
        requireText(out, "aggregateId", event.getAggregateId());
        Long seq = event.getSequenceNumber();
        if (seq != null && seq < 1) {
            out.add("sequenceNumber must be null or >= 1, was " + seq);
        }
        if (event.getTimestamp() == null) {
            out.add("timestamp is missing");
        }
        requireText(out, "version", event.getVersion());
        Object payload = event.getPayload();
        if (payload == null) {
            out.add("payload is missing");
        } else if (event.getEventType() != null && payload instanceof GenericContainer) {
            String payloadType = ((GenericContainer) payload).getSchema().getName();
            if (!payloadType.equals(event.getEventType())) {
                out.add("payload is a " + payloadType + " but eventType is " + event.getEventType());
            }
            String aggregateType = payloadType.startsWith("Customer") ? "Customer" : "Order";
            CharSequence declared = event.getAggregateType();
            if (declared != null && !declared.toString().isBlank() && !aggregateType.contentEquals(declared)) {
                out.add("aggregateType of a " + payloadType + " must be " + aggregateType + ", was "
                        + event.getAggregateType());
            }
            if (payload instanceof OrderPlaced placed) {
                orderLines(out, placed);
            }
        }
        return out;
    }

    /** Business rules a read model relies on: units are positive, money is not negative. */
    private static void orderLines(List<String> out, OrderPlaced placed) {
        List<LineItem> items = placed.getItems();
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            if (item.getQuantity() < 1) {
                out.add("items[" + i + "].quantity must be >= 1, was " + item.getQuantity());
            }
            if (item.getUnitPrice() != null && item.getUnitPrice().signum() < 0) {
                out.add("items[" + i + "].unitPrice must not be negative, was " + item.getUnitPrice());
            }
        }
        if (placed.getTotal() != null && placed.getTotal().signum() < 0) {
            out.add("total must not be negative, was " + placed.getTotal());
        }
    }

    /** Throws {@link InvalidEnvelopeException} listing every violation. */
    public static void validate(EventEnvelope event) throws InvalidEnvelopeException {
        List<String> v = violations(event);
        if (!v.isEmpty()) {
            throw new InvalidEnvelopeException("invalid envelope: " + String.join("; ", v));
        }
    }

    private static void requireText(List<String> out, String field, CharSequence value) {
        if (value == null || value.toString().isBlank()) {
            out.add(field + " must not be empty");
        }
    }
}
