package io.eventline.cli.dlq;

import io.eventline.cli.codec.SingleObjectEnvelope;
import io.eventline.cli.codec.WireFormat;
import io.eventline.events.EventEnvelope;
import java.nio.charset.StandardCharsets;

/** A dead letter's original value as {@code dlq show} prints it: how it was encoded, and its decoded text. */
record OriginalValue(String format, String text) {

    private static final int HEX_BYTES = 64;

    static OriginalValue of(byte[] value, WireFormat wireFormat) {
        if (value == null) {
            return new OriginalValue("none", null);
        }
        try {
            if (SingleObjectEnvelope.isSingleObject(value)) {
                return new OriginalValue(SingleObjectEnvelope.FORMAT, SingleObjectEnvelope.decode(value).toString());
            }
            if (WireFormat.looksLikeWireFormat(value)) {
                EventEnvelope event = wireFormat.decode(value, EventEnvelope.getClassSchema());
                return new OriginalValue("confluent-avro", event.toString());
            }
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.stripLeading().startsWith("{")) {
                return new OriginalValue("json", text);
            }
        } catch (Exception e) {
            return new OriginalValue("unknown", "(cannot decode: " + e + ")");
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(HEX_BYTES, value.length); i++) {
            hex.append(String.format("%02x", value[i] & 0xff));
        }
        return new OriginalValue("unknown", value.length + " bytes: " + hex + (value.length > HEX_BYTES ? "..." : ""));
    }
}
