package io.eventline.brokers.source;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a message's header map: the broker's own headers, then its coordinates under {@code <broker>-*}. */
public final class Headers {

    private final Map<String, byte[]> headers = new LinkedHashMap<>();

    public Headers put(String name, Object value) {
        if (value != null) {
            headers.put(name, value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    public Map<String, byte[]> build() {
        return headers;
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
