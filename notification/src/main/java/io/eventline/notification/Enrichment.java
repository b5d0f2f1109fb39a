package io.eventline.notification;

/**
 * The outcome of one lookup: the enriched notification, or why it failed and whether that is transient (5xx,
 * timeout, connection refused, circuit open, bulkhead full: retried) or not (the API says 4xx: dead-lettered at
 * once). Failures are values, not exceptions: Flink's async operator fails the job on an exception it may not
 * retry, and a notification must never be dropped nor crash-loop the job. A Flink POJO.
 */
public class Enrichment {
    public OrderNotification notification;
    public EnrichedNotification enriched;
    public String failureReason;
    public String failureMessage;
    public boolean transientFailure;

    public Enrichment() {}

    static Enrichment success(OrderNotification n, EnrichedNotification e) {
        Enrichment r = new Enrichment();
        r.notification = n;
        r.enriched = e;
        return r;
    }

    static Enrichment failure(OrderNotification n, String reason, String message, boolean isTransient) {
        Enrichment r = new Enrichment();
        r.notification = n;
        r.failureReason = reason;
        r.failureMessage = message;
        r.transientFailure = isTransient;
        return r;
    }

    boolean succeeded() {
        return enriched != null;
    }
}
