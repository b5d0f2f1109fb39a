package io.eventline.notification;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the job calls the order API: per-call timeout, retries (exponential backoff with jitter), the circuit
 * breaker and the bulkhead, and the async operator's capacity and overall timeout.
 *
 * @param detailsUrl base URL of the order API; the job asks {@code GET <detailsUrl>/orders/<orderId>}
 * @param maxAttempts attempts per notification, the first included; after the last a transient failure is
 *     dead-lettered ({@code enrich}/{@code retries-exhausted})
 * @param operatorTimeout the async operator's timeout over all attempts of one notification
 * @param capacity notifications in flight per subtask (waiting in backoff included); a full operator backpressures
 * @param maxConcurrentCalls the bulkhead: HTTP calls at once per subtask
 * @param breakerWindow calls in the breaker's count-based sliding window (and the least it judges on)
 * @param breakerFailureRate percentage of failed calls in the window that opens the breaker
 * @param breakerOpenWait how long the breaker stays open before letting trial calls through (half-open)
 */
public record EnrichmentSettings(
        String detailsUrl,
        Duration callTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double backoffMultiplier,
        Duration operatorTimeout,
        int capacity,
        int maxConcurrentCalls,
        int breakerWindow,
        float breakerFailureRate,
        Duration breakerOpenWait) implements Serializable {

    /** Defaults for a production API: 2 s per call; backoff 100 ms doubling to 5 s; 2 min over all attempts. */
    public static EnrichmentSettings defaults(String detailsUrl) {
        return new EnrichmentSettings(detailsUrl, Duration.ofSeconds(2), 30, Duration.ofMillis(100),
                Duration.ofSeconds(5), 2.0, Duration.ofMinutes(2), 100, 16, 20, 50f, Duration.ofSeconds(5));
    }
}
