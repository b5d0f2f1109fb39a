package io.eventline.contracts;

/**
 * The headers that mirror a dead letter's main fields, {@code dlq-<field>} (e.g. {@code dlq-reason}): the job
 * writes them, the CLI reads them when a dead letter's value cannot be decoded.
 */
public final class DeadLetterHeaderNames {

    public static final String PREFIX = "dlq-";

    private DeadLetterHeaderNames() {}

    /** {@code reason} → {@code dlq-reason}. */
    public static String of(String field) {
        return PREFIX + field;
    }
}
