package io.eventline.outbox.relay;

/** What the relay does with rows a completed checkpoint published. */
public enum PublishedPolicy {
    /** Set {@code published_at}; rows older than the retention are deleted later (an audit trail for a while). */
    MARK,
    /** Delete them at once (the smallest table). */
    DELETE
}
