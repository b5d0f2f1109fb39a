package io.eventline.common.saga;

/** Where a saga is. COMPLETED and COMPENSATED are final. */
public enum SagaStatus {
    /** Steps run forward. */
    RUNNING,
    /** A step failed or timed out: completed steps are undone in reverse order. */
    COMPENSATING,
    /** Every step succeeded. */
    COMPLETED,
    /** Every completed step was undone. */
    COMPENSATED,
    /**
     * A compensation is overdue (its attempts exhausted): an operator should look; it is still retried at the
     * capped backoff, and the saga compensates on when it is acknowledged.
     */
    STUCK
}
