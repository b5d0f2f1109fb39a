package io.eventline.common.sink;

import java.util.function.LongSupplier;

/**
 * When the merge buffer of a {@link MergingUpsertSink} is written, apart from the end of input (which always
 * flushes). Domain-free: it sees only the rows' log timestamps and the caller's clock.
 *
 * <h2>Why two regimes</h2>
 *
 * Merging saves writes only when a key comes back before its row is flushed. Live, rows must become visible
 * quickly, and a key rarely repeats within a short interval anyway: flush on a short tick
 * ({@link JdbcSinkSettings#batchIntervalMs()}) or after {@link JdbcSinkSettings#batchSize()} incoming rows, as
 * before. Catching up on a backlog, the rows are already far behind the wall clock, so holding them for some
 * seconds costs their readers nothing they would notice, and over a large key space only a long window sees
 * a key twice: merge, bounded by {@link JdbcSinkSettings#maxBufferedRows()} distinct keys, across checkpoint
 * barriers too (the held rows are the writer's checkpointed state, so a barrier need not wait for the database),
 * until the backlog is caught up or the rows were held {@link JdbcSinkSettings#catchUpMaxHoldMs()}. A live buffer
 * is written at the barrier, as before: nothing is held in a checkpoint of a job that keeps up.
 *
 * <h2>What "behind" means</h2>
 *
 * The buffer is behind when its newest row's timestamp (the record timestamp Flink carries, the log time of the
 * event it came from) is more than {@link JdbcSinkSettings#catchUpLagMs()} older than the clock, and rows are
 * still arriving: a tick that saw no new row since the previous tick flushes, because an input that stopped is
 * not a backlog being caught up, and nothing else would write its last rows. Nor are rows held longer than
 * {@link JdbcSinkSettings#catchUpMaxHoldMs()} (counted from the first tick or barrier that found them, across
 * barriers): over few keys (the key cap never reached), a backlog would otherwise stay invisible until it is read
 * to the end. A row without a timestamp makes the buffer live (nothing says it is old). The newest row decides,
 * not the oldest: the age of the newest row is the job's own delay upstream of the sink, which holding in the
 * sink does not add to.
 */
final class FlushRule {

    private final int batchSize;
    private final int maxBufferedRows;
    private final long catchUpLagMs;
    private final long maxHoldMs;
    private long newestTimestamp = Long.MIN_VALUE;
    /** Clock reading of the first tick that found rows held, {@link Long#MIN_VALUE} when none. */
    private long heldSinceTick = Long.MIN_VALUE;
    private boolean untimed;
    private boolean arrivedSinceTick;

    FlushRule(JdbcSinkSettings settings) {
        this.batchSize = settings.batchSize();
        this.maxBufferedRows = settings.maxBufferedRows();
        this.catchUpLagMs = settings.catchUpLagMs();
        this.maxHoldMs = settings.catchUpMaxHoldMs();
    }

    /** A row entered the buffer; {@code timestamp} is its record timestamp, {@code null} when it has none. */
    void rowArrived(Long timestamp) {
        arrivedSinceTick = true;
        if (timestamp == null) {
            untimed = true;
        } else if (timestamp > newestTimestamp) {
            newestTimestamp = timestamp;
        }
    }

    /** After a row arrived: flush now? {@code rowsIn} rows arrived and {@code keys} keys are held since the last flush. */
    boolean flushAfterRow(int rowsIn, int keys, LongSupplier clock) {
        if (keys >= maxBufferedRows) {
            return true;
        }
        return rowsIn >= batchSize && !behind(clock.getAsLong());
    }

    /** On the interval tick: flush now? Live buffers flush; so does a buffer no row reached since the last tick. */
    boolean flushOnTick(long now) {
        if (heldSinceTick == Long.MIN_VALUE) {
            heldSinceTick = now;
        }
        boolean idle = !arrivedSinceTick;
        arrivedSinceTick = false;
        return idle || !behind(now) || now - heldSinceTick >= maxHoldMs;
    }

    /**
     * At a checkpoint barrier: keep the buffer (it goes into the checkpoint) instead of writing it? Only while
     * behind and not yet held for the max hold.
     */
    boolean holdAtBarrier(long now) {
        if (!behind(now)) {
            return false;
        }
        if (heldSinceTick == Long.MIN_VALUE) {
            heldSinceTick = now; // no tick saw these rows yet (or ticks are off): the hold starts here
        }
        return now - heldSinceTick < maxHoldMs;
    }

    /** Whether the buffer's newest row is more than the catch-up lag older than {@code now}. */
    boolean behind(long now) {
        return catchUpLagMs > 0 && !untimed && newestTimestamp != Long.MIN_VALUE
                && newestTimestamp < now - catchUpLagMs;
    }

    /** The buffer was written: what it held no longer counts. */
    void flushed() {
        newestTimestamp = Long.MIN_VALUE;
        untimed = false;
        heldSinceTick = Long.MIN_VALUE;
    }
}
