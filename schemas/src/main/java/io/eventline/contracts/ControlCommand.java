package io.eventline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An operator command on the control topic, as the job reads it and the CLI writes it:
 * {@code {"type":"UNPARK","aggregateId":"ord-1"}}.
 */
public record ControlCommand(Type type, String aggregateId) {

    public enum Type {
        /** Resume a parked aggregate, accepting its gap. */
        UNPARK
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public ControlCommand {
        if (type == null) {
            throw new IllegalArgumentException("type is missing");
        }
        if (aggregateId == null || aggregateId.isEmpty()) {
            throw new IllegalArgumentException("aggregateId is missing");
        }
    }

    public static ControlCommand unpark(String aggregateId) {
        return new ControlCommand(Type.UNPARK, aggregateId);
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode().put("type", type.name()).put("aggregateId", aggregateId);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when {@code json} is not a command (the job skips it, the CLI ignores it) */
    public static ControlCommand fromJson(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        String type = node.path("type").asText("");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type is missing");
        }
        Type known;
        try {
            known = Type.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown type " + type, e);
        }
        return new ControlCommand(known, node.path("aggregateId").asText(""));
    }
}
