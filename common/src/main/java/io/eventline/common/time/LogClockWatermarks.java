package io.eventline.common.time;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks on the log's own clock (the record timestamps of a source, e.g. Kafka's), with a wall-clock fallback
 * for a split that is caught up and idle. Built by {@link LogClock} for a source and given to {@code
 * env.fromSource(...)}; the Kafka source runs one generator per partition (split) and emits the minimum over its
 * partitions.
 *
 * <ul>
 *   <li>While records arrive, the watermark is the highest record timestamp seen minus 1 ms: no slack is needed,
 *       because consumers of this clock (e.g. a gap timeout) compare against timestamps of records already read.
 *       However far the log's time is behind the wall clock (a backlog), only record time counts.
 *   <li>Fallback only while caught up: a split counts as quiet while it delivers no record <em>and</em> its reader
 *       reports no pending records ({@link SourceBacklog}, the reader's standard {@code pendingRecords}: Kafka's
 *       consumer lag). After {@code idleAfter} of quiet its clock runs on at wall speed from its last record:
 *       {@code maxTimestamp + (quiet time - idleAfter)}. So on a topic where nothing arrives (a live topic gone
 *       quiet, or the end of a backlog) gap timeouts are still decided, {@code idleAfter} later than on a busy
 *       topic, while a split that is silent because its reader is still reading a backlog (a fetch serving other
 *       partitions first, a slow restart, a stall) keeps its clock: the decision is the one a replay would take.
 *   <li>Quiet time is measured on Flink's input activity clock ({@code Context#getInputActivityClock}), which
 *       stands still while the source is backpressured: a sink that waits for a database outage does not make the
 *       source look idle.
 *   <li>A split that has not delivered a record has no clock: it is marked idle (so it does not hold back the
 *       others) after {@code idleAfter} of quiet, or, while its reader has reported nothing at all (no partition
 *       returned a record since the reader started: all empty, or not fetched yet after a restart), after
 *       {@code max(idleAfter, 30 s)}.
 *   <li>Without a backlog signal ({@link #strategy(Duration)}, for sources that report no pending records) every
 *       silent split counts as caught up: a stall mid-backlog then moves the clock by the stall beyond
 *       {@code idleAfter}.
 * </ul>
 *
 * <p>Domain-free: any source whose records carry meaningful timestamps can use it.
 */
public final class LogClockWatermarks<T> implements WatermarkGenerator<T> {

    /** The reader's backlog as the generator sees it. */
    public interface Backlog extends Supplier<SourceBacklog.State>, Serializable {}

    private static final Backlog NO_SIGNAL = () -> SourceBacklog.State.CAUGHT_UP;
    /** How long a split without records waits while its reader has reported nothing, at least. */
    static final long NOTHING_REPORTED_IDLE_AFTER_MS = 30_000;

    private final long idleAfterMs;
    /** Relative time that stands still under backpressure. */
    private final LongSupplier activityClock;
    private final Supplier<SourceBacklog.State> backlog;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    /** Activity time since which this split has delivered nothing while its reader was not behind. */
    private long quietSince;

    /** A generator whose reader never reports a backlog (every silent split counts as caught up). */
    public LogClockWatermarks(Duration idleAfter, LongSupplier activityClock) {
        this(idleAfter, activityClock, NO_SIGNAL);
    }

    /** @param activityClock milliseconds that stand still while the source is backpressured (tests: any clock) */
    public LogClockWatermarks(Duration idleAfter, LongSupplier activityClock, Supplier<SourceBacklog.State> backlog) {
        this.idleAfterMs = positive(idleAfter).toMillis();
        this.activityClock = Objects.requireNonNull(activityClock, "activityClock");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.quietSince = activityClock.getAsLong();
    }

    /** For a source that reports no backlog; prefer {@link LogClock#of} for one that does (Kafka). */
    public static <T> WatermarkStrategy<T> strategy(Duration idleAfter) {
        return new Strategy<T>(positive(idleAfter), NO_SIGNAL);
    }

    /** Idle time on the input activity clock, the fallback only while {@code backlog} is caught up. */
    static <T> WatermarkStrategy<T> strategy(Duration idleAfter, SourceBacklog backlog) {
        Objects.requireNonNull(backlog, "backlog");
        return new Strategy<T>(positive(idleAfter), backlog::state);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp != TimestampAssigner.NO_TIMESTAMP) {
            maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        }
        quietSince = activityClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = activityClock.getAsLong();
        SourceBacklog.State state = backlog.get();
        boolean hasClock = maxTimestamp != Long.MIN_VALUE;
        if (state == SourceBacklog.State.BEHIND || (hasClock && state == SourceBacklog.State.UNKNOWN)) {
            quietSince = now; // silent while there is more to read: waiting for its turn, not idle
        }
        long quietFor = now - quietSince;
        if (!hasClock) {
            long wait = state == SourceBacklog.State.UNKNOWN
                    ? Math.max(idleAfterMs, NOTHING_REPORTED_IDLE_AFTER_MS) : idleAfterMs;
            if (quietFor >= wait) {
                output.markIdle(); // no clock of its own yet: let the other splits decide
            }
            return;
        }
        long candidate = maxTimestamp - 1;
        if (quietFor >= idleAfterMs) {
            candidate = Math.max(candidate, maxTimestamp + (quietFor - idleAfterMs));
        }
        if (candidate > emitted) {
            emitted = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }

    private static Duration positive(Duration value) {
        Objects.requireNonNull(value, "idleAfter");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("idleAfter must be positive: " + value);
        }
        return value;
    }

    /**
     * The strategy as a class, not a lambda: its backlog must be the very instance the wrapped source reports into
     * (one object graph with the source in the operator factory), and record timestamps are the source's own.
     */
    private static final class Strategy<T> implements WatermarkStrategy<T> {
        private static final long serialVersionUID = 1L;
        private final Duration idleAfter;
        private final Backlog backlog;

        Strategy(Duration idleAfter, Backlog backlog) {
            this.idleAfter = idleAfter;
            this.backlog = backlog;
        }

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
            return new LogClockWatermarks<>(idleAfter,
                    () -> context.getInputActivityClock().relativeTimeMillis(), backlog);
        }

        @Override
        public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
            return (element, recordTimestamp) -> recordTimestamp; // keep the timestamp the source attached
        }
    }
}
