package io.eventline.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The JSON of notifications and enriched notifications. */
final class NotificationJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private NotificationJson() {}

    /** Parses and checks what the job needs: an eventId, an orderId and a sequence number of at least 1. */
    static OrderNotification parse(byte[] json) throws IOException {
        OrderNotification n = MAPPER.readValue(json, OrderNotification.class);
        if (n == null || isBlank(n.eventId) || isBlank(n.orderId) || n.sequenceNumber < 1) {
            throw new IOException("a notification needs eventId, orderId and sequenceNumber >= 1");
        }
        return n;
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
