package io.eventline.common.deadletter;

/**
 * The replay metadata of a record that {@code eventline dlq replay} republished, as read from its
 * {@link ReplayHeaders}: the dead letter replayed ({@code <dlq-topic>:<partition>:<offset>}), its stage and reason,
 * and this delivery's attempt number.
 */
public record Replay(String of, String stage, String reason, int attempt) {}
