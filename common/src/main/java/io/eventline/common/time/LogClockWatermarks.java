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
 * for an idle source. Given to {@code env.fromSource(kafkaSource, LogClockWatermarks.strategy(...), name)}, the
 * Kafka source runs one generator per partition (split) and emits the minimum over its partitions.
 *
 * <ul>
 *   <li>While records arrive, the watermark is the highest record timestamp seen minus 1 ms: no slack is needed,
 *       because consumers of this clock (e.g. a gap timeout) compare against timestamps of records already read.
 *   <li>When a partition delivered no record for {@code idleAfter} of wall time, it is caught up (a partition in a
 *       backlog delivers continuously). Its watermark then follows the wall clock: {@code now - idleAfter}, never
 *       going back. So an idle partition does not hold back the others (its watermark is ahead of any backlog's),
 *       and on a topic where nothing arrives at all, decisions that wait for log time (gap timeouts) are still
 *       taken, {@code idleAfter} later than on a busy topic. This fallback assumes record timestamps near the
 *       wall clock for records produced from now on (Kafka's CreateTime or LogAppendTime); a caught-up source has
 *       read every record already in the log, so nothing older can still come from it.
 *   <li>A reader without any partition (more subtasks than partitions) is idle from its start and follows the
 *       wall clock the same way.
 *   <li>After a restart the fallback counts from the start of the source: a restored job gets {@code idleAfter}
 *       of wall time to read what arrived while it was down before idle time counts as log time.
 * </ul>
 *
 * <p>Domain-free: any source whose records carry meaningful timestamps can use it.
 */
public final class LogClockWatermarks<T> implements WatermarkGenerator<T> {

    /** Wall clock in epoch milliseconds; a field so tests can drive it. */
    public interface WallClock extends LongSupplier, Serializable {}

    private static final WallClock SYSTEM = System::currentTimeMillis;

    private final long idleAfterMs;
    private final LongSupplier wallClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    private long lastRecordAt;

    public LogClockWatermarks(Duration idleAfter, LongSupplier wallClock) {
        this.idleAfterMs = positive(idleAfter).toMillis();
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.lastRecordAt = wallClock.getAsLong();
    }

    /** The strategy for a source: record timestamps as assigned by the source (Kafka's), these watermarks. */
    public static <T> WatermarkStrategy<T> strategy(Duration idleAfter) {
        return strategy(idleAfter, SYSTEM);
    }

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
        lastRecordAt = wallClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long candidate = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - 1;
        long now = wallClock.getAsLong();
        if (now - lastRecordAt >= idleAfterMs) {
            candidate = Math.max(candidate, now - idleAfterMs);
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
