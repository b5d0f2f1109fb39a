package io.eventline.brokers.eventbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps an Amazon EventBridge event ({@code version, id, detail-type, source, account, time, region, resources,
 * detail}) to the project's JSON envelope, which the usual decoder then reads. No AWS call: the envelope is plain
 * JSON, from any source or a file. The table (also in the README):
 *
 * <pre>
 * envelope field      EventBridge field
 * eventId             id                                  (required)
 * eventType           detail-type                         (required)
 * timestamp           time                                (required, ISO-8601)
 * aggregateType       detail.aggregateType, else source   (source required)
 * aggregateId         detail.aggregateId                  (required)
 * sequenceNumber      detail.sequenceNumber               (required, integer)
 * version             detail.version, else "1.0"
 * correlationId       detail.correlationId                (optional)
 * causationId         detail.causationId                  (optional)
 * payload             detail.payload, else detail without the fields above
 * </pre>
 * {@code source}, {@code account}, {@code region} and {@code id} are kept as headers {@code eventbridge-*}.
 */
public final class EventBridgeMapping {

    /** Fields of {@code detail} that belong to the envelope, not to the payload. */
    static final Set<String> ENVELOPE_FIELDS =
            Set.of("aggregateType", "aggregateId", "sequenceNumber", "version", "correlationId", "causationId");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static {
        // the same bounds as the envelope decoder: a hostile record cannot exhaust the stack
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    /** The mapped envelope and the EventBridge fields that do not fit it. */
    public record Mapped(byte[] envelopeJson, Map<String, String> headers) {}

    private EventBridgeMapping() {}

    public static Mapped toEnvelope(byte[] value) throws InvalidEventBridgeEnvelopeException {
        if (value == null || value.length == 0) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: empty value");
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (IOException e) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (event == null || !event.isObject()) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: not a JSON object");
        }
        String id = text(event, "id");
        String detailType = text(event, "detail-type");
        String source = text(event, "source");
        String time = text(event, "time");
        try {
            Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: time is not ISO-8601: \"" + time + "\"");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: detail is missing or not an object");
        }
        String aggregateId = text(detail, "aggregateId", "detail.aggregateId");
        JsonNode sequence = detail.get("sequenceNumber");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.isNumber()) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: detail.sequenceNumber is missing or not an integer");
        }

        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", id);
        envelope.put("eventType", detailType);
        envelope.put("aggregateType", detail.hasNonNull("aggregateType") ? detail.get("aggregateType").asText() : source);
        envelope.put("aggregateId", aggregateId);
        envelope.set("sequenceNumber", sequence);
        envelope.put("timestamp", time);
        envelope.put("version", detail.hasNonNull("version") ? detail.get("version").asText() : "1.0");
        for (String optional : new String[] {"correlationId", "causationId"}) {
            if (detail.hasNonNull(optional)) {
                envelope.put(optional, detail.get(optional).asText());
            }
        }
        if (detail.has("payload")) {
            envelope.set("payload", detail.get("payload"));
        } else {
            ObjectNode payload = ((ObjectNode) detail).deepCopy();
            payload.remove(ENVELOPE_FIELDS);
            envelope.set("payload", payload);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("eventbridge-id", id);
        headers.put("eventbridge-source", source);
        for (String optional : new String[] {"account", "region"}) {
            if (event.hasNonNull(optional)) {
                headers.put("eventbridge-" + optional, event.get(optional).asText());
            }
        }
        try {
            return new Mapped(JSON.writeValueAsBytes(envelope), headers);
        } catch (JsonProcessingException e) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: cannot write the envelope", e);
        }
    }

    private static String text(JsonNode node, String field) throws InvalidEventBridgeEnvelopeException {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String field, String path) throws InvalidEventBridgeEnvelopeException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidEventBridgeEnvelopeException("EventBridge envelope: " + path + " is missing or not a non-empty string");
        }
        return v.asText();
    }
}
