package io.eventline.common.saga;

/**
 * One saga's keyed state (a Flink POJO). Steps are indexes into the definition; sets of steps are bit masks.
 * After the saga is final, {@code data} is dropped and the rest stays as a marker until {@code expiresAt}.
 */
public class SagaState {

    public SagaStatus status;
    public int step;
    public int attempt;
    /** When the outstanding command times out; 0 when none is outstanding. */
    public long deadline;
    /** When the outstanding command is to be sent again (a backoff wait); 0 when none. */
    public long resendAt;
    /** The one registered timer; 0 when none. */
    public long timerAt;
    public long completedMask;
    public long toCompensateMask;
    public long compensatedMask;
    /** The step whose compensation is outstanding; -1 when none. */
    public int compensatingStep = -1;
    public String lastError;
    public long startedAt;
    public long updatedAt;
    public long version;
    public long expiresAt;
    public boolean outcomeEmitted;
    public byte[] data;

    public SagaState() {
    }

}
