package io.eventline.common.saga;

/** Where a saga is. The last three are final; STUCK waits for an operator. */
public enum SagaStatus {
    /** Steps run forward. */
    RUNNING,
    /** A step failed or timed out: completed steps are undone in reverse order. */
    COMPENSATING,
    /** Every step succeeded. */
    COMPLETED,
    /** Every completed step was undone. */
    COMPENSATED,
    /** A compensation exhausted its retries; an operator has to look. */
    STUCK
}
