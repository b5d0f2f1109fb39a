package io.eventline.common.time;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks on the log's own clock (the record timestamps of a source, e.g. Kafka's), with a wall-clock fallback
 * for a source that is caught up and idle. Given to {@code env.fromSource(kafkaSource,
 * LogClockWatermarks.strategy(...), name)}, the Kafka source runs one generator per partition (split) and emits the
 * minimum over its partitions.
 *
 * <ul>
 *   <li>While records arrive, the watermark is the highest record timestamp seen minus 1 ms: no slack is needed,
 *       because consumers of this clock (e.g. a gap timeout) compare against timestamps of records already read.
 *       However far the log's time is behind the wall clock (a backlog), only record time counts.
 *   <li>Fallback when idle: when a partition delivered no record for {@code idleAfter} of input activity time,
 *       it counts as caught up, and its clock runs on at wall speed from its last record:
 *       {@code maxTimestamp + (idle time - idleAfter)}. So on a topic where nothing arrives (a live topic gone
 *       quiet, or the end of a backlog), decisions that wait for log time (gap timeouts) are still taken,
 *       {@code idleAfter} later than on a busy topic. A partition that stalls in the middle of a backlog for longer
 *       than {@code idleAfter} without being backpressured moves its clock by the stall minus {@code idleAfter}.
 *   <li>Idle time is measured on Flink's input activity clock ({@code Context#getInputActivityClock}), which
 *       stands still while the source is backpressured: a sink that waits for a database outage does not make the
 *       source look idle, so no gap expires because the pipeline was slow.
 *   <li>A partition (or a reader without any partition) that has not delivered a record yet has no clock: after
 *       {@code idleAfter} it is marked idle, so it does not hold back the others.
 * </ul>
 *
 * <p>Domain-free: any source whose records carry meaningful timestamps can use it.
 */
public final class LogClockWatermarks<T> implements WatermarkGenerator<T> {

    /** Epoch or relative milliseconds; a field so tests can drive it. */
    public interface WallClock extends LongSupplier, Serializable {}


    private final long idleAfterMs;
    /** Relative time that stands still under backpressure: how long the partition has really been idle. */
    private final LongSupplier activityClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    private long lastRecordAt;

    /** @param activityClock milliseconds that stand still while the source is backpressured (tests: any clock) */
    public LogClockWatermarks(Duration idleAfter, LongSupplier activityClock) {
        this.idleAfterMs = positive(idleAfter).toMillis();
        this.activityClock = Objects.requireNonNull(activityClock, "activityClock");
        this.lastRecordAt = activityClock.getAsLong();
    }

    /**
     * The strategy for a source: record timestamps as assigned by the source (Kafka's), these watermarks, idle time
     * on the input activity clock.
     */
    public static <T> WatermarkStrategy<T> strategy(Duration idleAfter) {
        positive(idleAfter);
        WatermarkStrategy<T> strategy = context -> new LogClockWatermarks<>(idleAfter,
                () -> context.getInputActivityClock().relativeTimeMillis());
        return strategy.withTimestampAssigner((element, recordTimestamp) -> recordTimestamp);
    }

    /** With a given clock for idle time (tests). */
    public static <T> WatermarkStrategy<T> strategy(Duration idleAfter, WallClock wallClock) {
        positive(idleAfter);
        WatermarkStrategy<T> strategy = context -> new LogClockWatermarks<>(idleAfter, wallClock);
        // Keep the timestamp the source attached (the Kafka record timestamp).
        return strategy.withTimestampAssigner((element, recordTimestamp) -> recordTimestamp);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp != TimestampAssigner.NO_TIMESTAMP) {
            maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        }
        lastRecordAt = activityClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long idleFor = activityClock.getAsLong() - lastRecordAt;
        if (maxTimestamp == Long.MIN_VALUE) {
            if (idleFor >= idleAfterMs) {
                output.markIdle(); // no clock of its own yet: let the other partitions decide
            }
            return;
        }
        long candidate = maxTimestamp - 1;
        if (idleFor >= idleAfterMs) {
            candidate = Math.max(candidate, maxTimestamp + (idleFor - idleAfterMs));
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
}
