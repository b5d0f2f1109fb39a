package io.eventline.common.time;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Decides whether one source reader is stalled: it reports pending records (lag) but has emitted no record for
 * {@code stallAfter}. Time is the caller's clock (the source's input activity clock, which stands still under
 * backpressure, so a reader held back by a slow sink is not reported as stalled). Progress is a record emitted, or
 * nothing pending: a reader that was caught up and then gets new records starts counting from then, not from its
 * last record an hour ago. Pure logic, one instance per source subtask, called on the task thread; {@link #stalled}
 * may be read from a metric reporter's thread.
 */
public final class SourceStallDetector {

    private final long stallAfterMs;
    private final LongSupplier clockMs;
    private long progressAt;
    private volatile boolean stalled;
    private long stalls;

    public SourceStallDetector(long stallAfterMs, LongSupplier clockMs) {
        if (stallAfterMs <= 0) {
            throw new IllegalArgumentException("stallAfter must be positive: " + stallAfterMs + " ms");
        }
        this.stallAfterMs = stallAfterMs;
        this.clockMs = clockMs;
        this.progressAt = clockMs.getAsLong();
    }

    /** The reader emitted a record: progress, and the end of a stall. */
    public void onRecord() {
        progressAt = clockMs.getAsLong();
        stalled = false;
    }

    /**
     * Looks at the reader's pending records now.
     *
     * @return {@code true} exactly when this check starts a stall (the caller counts it and reports it once)
     */
    public boolean check(OptionalLong pendingRecords) {
        long now = clockMs.getAsLong();
        if (pendingRecords.isEmpty() || pendingRecords.getAsLong() <= 0) {
            progressAt = now; // nothing to read (or nothing known): not stalled, and the stall clock restarts
            stalled = false;
            return false;
        }
        if (!stalled && now - progressAt >= stallAfterMs) {
            stalled = true;
            stalls++;
            return true;
        }
        return false;
    }

    public boolean stalled() {
        return stalled;
    }

    /** How many stalls began so far. */
    public long stalls() {
        return stalls;
    }
}
