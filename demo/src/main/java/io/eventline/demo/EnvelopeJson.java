package io.eventline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventline.events.EventEnvelope;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes an envelope in the JSON shape producers use (DESIGN.md "Event envelope"): plain fields, an ISO-8601 UTC
 * timestamp, the payload as a plain object, money as exact JSON numbers. Avro's own JSON encoding wraps unions
 * and writes decimals as bytes, which is not that shape, so this small walk over the payload schema is ours.
 */
final class EnvelopeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EnvelopeJson() {}

    static byte[] encode(EventEnvelope e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("eventType", e.getEventType());
        root.put("eventId", e.getEventId());
        root.put("aggregateType", e.getAggregateType());
        root.put("aggregateId", e.getAggregateId());
        if (e.getSequenceNumber() != null) {
            root.put("sequenceNumber", e.getSequenceNumber());
        }
        root.put("timestamp", e.getTimestamp().toString());
        root.put("version", e.getVersion());
        if (e.getCorrelationId() != null) {
            root.put("correlationId", e.getCorrelationId());
        }
        if (e.getCausationId() != null) {
            root.put("causationId", e.getCausationId());
        }
        root.set("payload", record((SpecificRecord) e.getPayload()));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ObjectNode record(SpecificRecord record) {
        ObjectNode node = MAPPER.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return MAPPER.nullNode();
        } else if (value instanceof SpecificRecord r) {
            return record(r);
        } else if (value instanceof List<?> list) {
            ArrayNode array = MAPPER.createArrayNode();
            list.forEach(v -> array.add(value(v)));
            return array;
        } else if (value instanceof BigDecimal d) {
            return MAPPER.getNodeFactory().numberNode(d);
        } else if (value instanceof Integer i) {
            return MAPPER.getNodeFactory().numberNode(i);
        } else if (value instanceof Long l) {
            return MAPPER.getNodeFactory().numberNode(l);
        }
        return MAPPER.getNodeFactory().textNode(value.toString());
    }
}
