package io.eventline.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET <base>/orders/<id>} on the JDK's HTTP client, called on the bulkhead's threads (never on the async
 * operator's). Every outcome is an {@link Enrichment}, classified here, so the function above only counts and
 * routes.
 */
final class OrderDetailsClient {

    static final String HTTP_5XX = "http-5xx";
    static final String TIMEOUT = "timeout";
    static final String CONNECT = "connect";
    static final String IO = "io";
    static final String ORDER_UNKNOWN = "order-unknown";
    static final String HTTP_4XX = "http-4xx";
    static final String BAD_RESPONSE = "bad-response";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpClient http;
    private final String base;
    private final Duration callTimeout;

    OrderDetailsClient(String base, Duration callTimeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.callTimeout = callTimeout;
        // HTTP/1.1: the client would otherwise offer every plain-http connection an h2c upgrade first.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(callTimeout).build();
    }

    /** One call, at most the call timeout long; never throws. */
    Enrichment enrich(OrderNotification n) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + "/orders/" + URLEncoder.encode(n.orderId, StandardCharsets.UTF_8)))
                .timeout(callTimeout).header("Accept", "application/json").GET().build();
        try {
            return answer(n, http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(n, e);
        } catch (Exception e) {
            return failed(n, e);
        }
    }

    private static Enrichment answer(OrderNotification n, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return Enrichment.failure(n, HTTP_5XX, "order API answered " + status, true);
        }
        if (status == 404) {
            return Enrichment.failure(n, ORDER_UNKNOWN, "order API knows no order " + n.orderId, false);
        }
        if (status != 200) {
            return Enrichment.failure(n, HTTP_4XX, "order API answered " + status, false);
        }
        try {
            return Enrichment.success(n, EnrichedNotification.of(n, JSON.readValue(response.body(), OrderDetails.class)));
        } catch (Exception e) {
            return Enrichment.failure(n, BAD_RESPONSE, "unreadable order API answer: " + e.getMessage(), false);
        }
    }

    private static Enrichment failed(OrderNotification n, Throwable error) {
        String reason = error instanceof HttpTimeoutException ? TIMEOUT : error instanceof ConnectException ? CONNECT : IO;
        return Enrichment.failure(n, reason, error.getClass().getSimpleName() + ": " + error.getMessage(), true);
    }
}
