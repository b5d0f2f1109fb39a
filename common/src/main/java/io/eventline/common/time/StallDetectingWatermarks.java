package io.eventline.common.time;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A watermark strategy that leaves the watermarks to another one (e.g. {@link LogClockWatermarks}, unchanged) and
 * watches its reader for a stall ({@link SourceStallDetector}): gauge {@value #STALLED_GAUGE} (0/1) and counter
 * {@value #STALLS_COUNTER} on the source operator's metric group. The watermark generators are the only per-record
 * and periodic hook inside a FLIP-27 source operator that sees the reader's {@link SourceBacklog}; one detector per
 * subtask, shared by its split generators (Flink builds them all from this subtask's copy of the strategy).
 */
public final class StallDetectingWatermarks<T> implements WatermarkStrategy<T> {

    private static final long serialVersionUID = 1L;

    public static final String STALLED_GAUGE = "sourceStalled";
    public static final String STALLS_COUNTER = "sourceStalls";

    private final WatermarkStrategy<T> watermarks;
    private final SourceBacklog backlog;
    private final Duration stallAfter;
    private transient SourceStallDetector detector;
    private transient Counter stalls;

    public StallDetectingWatermarks(WatermarkStrategy<T> watermarks, SourceBacklog backlog, Duration stallAfter) {
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.stallAfter = Objects.requireNonNull(stallAfter, "stallAfter");
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        if (detector == null) {
            detector = new SourceStallDetector(stallAfter.toMillis(),
                    () -> context.getInputActivityClock().relativeTimeMillis());
            register(context.getMetricGroup());
        }
        return new Watching<>(watermarks.createWatermarkGenerator(context), this);
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return watermarks.createTimestampAssigner(context);
    }

    private void register(MetricGroup group) {
        SourceStallDetector watched = detector;
        group.gauge(STALLED_GAUGE, (Gauge<Integer>) () -> watched.stalled() ? 1 : 0);
        stalls = group.counter(STALLS_COUNTER);
    }

    void onRecord() {
        detector.onRecord();
    }

    void check() {
        if (detector.check(backlog.pendingRecords())) {
            stalls.inc();
        }
    }

    /** The delegate generator, reporting records and periodic checks to the subtask's detector. */
    private static final class Watching<T> implements WatermarkGenerator<T> {
        private final WatermarkGenerator<T> delegate;
        private final StallDetectingWatermarks<T> owner;

        Watching(WatermarkGenerator<T> delegate, StallDetectingWatermarks<T> owner) {
            this.delegate = delegate;
            this.owner = owner;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            owner.onRecord();
            delegate.onEvent(event, eventTimestamp, output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            owner.check();
            delegate.onPeriodicEmit(output);
        }
    }
}
