package io.eventline.notification;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The headers of a retry record: the {@link RetryHistory} as text, one header per field. */
final class RetryHeaders {

    static final String PREFIX = "eventline-retry-";
    static final String ATTEMPTS = PREFIX + "attempts";
    static final String RETRIES = PREFIX + "retries";
    static final String ORIGINAL_TOPIC = PREFIX + "original-topic";
    static final String ORIGINAL_PARTITION = PREFIX + "original-partition";
    static final String ORIGINAL_OFFSET = PREFIX + "original-offset";
    static final String FIRST_FAILURE_AT = PREFIX + "first-failure-at";
    static final String REASON = PREFIX + "reason";
    static final String FAILURES = PREFIX + "failures";
    static final String DUE_AT = PREFIX + "due-at";

    private RetryHeaders() {}

    static void write(RetryHistory h, String lastReason, Headers headers) {
        add(headers, ATTEMPTS, Integer.toString(h.attempts));
        add(headers, RETRIES, Integer.toString(h.retries));
        add(headers, ORIGINAL_TOPIC, h.originalTopic);
        add(headers, ORIGINAL_PARTITION, Integer.toString(h.originalPartition));
        add(headers, ORIGINAL_OFFSET, Long.toString(h.originalOffset));
        add(headers, FIRST_FAILURE_AT, Long.toString(h.firstFailureAt));
        add(headers, REASON, lastReason);
        add(headers, FAILURES, h.failures);
        add(headers, DUE_AT, Long.toString(h.dueAt));
    }

    /**
     * The history a retry record carries ({@link RetryHistory#dueAt} -1 when the record names none); throws
     * {@link IllegalArgumentException} naming a missing or bad header.
     */
    static RetryHistory read(Headers headers) {
        RetryHistory h = new RetryHistory();
        h.attempts = Integer.parseInt(required(headers, ATTEMPTS));
        h.retries = Integer.parseInt(required(headers, RETRIES));
        h.originalTopic = required(headers, ORIGINAL_TOPIC);
        h.originalPartition = Integer.parseInt(required(headers, ORIGINAL_PARTITION));
        h.originalOffset = Long.parseLong(required(headers, ORIGINAL_OFFSET));
        h.firstFailureAt = Long.parseLong(required(headers, FIRST_FAILURE_AT));
        h.failures = required(headers, FAILURES);
        Header due = headers.lastHeader(DUE_AT);
        h.dueAt = due == null ? -1 : Long.parseLong(new String(due.value(), StandardCharsets.UTF_8));
        return h;
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("retry record without header " + key);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
