package io.eventline.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A status, headers and a JSON body. */
final class ApiResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private ApiResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    /** {@code value}: maps, lists, strings, numbers (BigDecimal stays exact: Jackson writes it as it is). */
    static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiResponse raw(int status, byte[] json) {
        return new ApiResponse(status, json);
    }

    static ApiResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    void write(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // Read models change with every applied event: a cached answer would defeat read-your-writes.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
