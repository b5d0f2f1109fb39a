package io.eventline.common.time;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A source and its log-clock watermarks, sharing the reader's backlog: give both to
 * {@code env.fromSource(clock.source(), clock.watermarks(), name)}. The watermarks fall back to the wall clock for a
 * silent split only while its reader reports no pending records ({@link LogClockWatermarks}).
 */
public final class LogClock<T, SplitT extends SourceSplit, EnumChkT> {

    private final Source<T, SplitT, EnumChkT> source;
    private final WatermarkStrategy<T> watermarks;

    private LogClock(Source<T, SplitT, EnumChkT> source, WatermarkStrategy<T> watermarks) {
        this.source = source;
        this.watermarks = watermarks;
    }

    /** @param source a source whose reader reports {@code pendingRecords} (the Kafka source does) */
    public static <T, SplitT extends SourceSplit, EnumChkT> LogClock<T, SplitT, EnumChkT> of(
            Source<T, SplitT, EnumChkT> source, Duration idleAfter) {
        SourceBacklog backlog = new SourceBacklog();
        return new LogClock<>(new BacklogReportingSource<>(source, backlog),
                LogClockWatermarks.strategy(idleAfter, backlog));
    }

    /**
     * As {@link #of(Source, Duration)}, with a stall detector on the same backlog ({@link StallDetectingWatermarks}):
     * the watermarks are exactly those of the other flavour.
     */
    public static <T, SplitT extends SourceSplit, EnumChkT> LogClock<T, SplitT, EnumChkT> of(
            Source<T, SplitT, EnumChkT> source, Duration idleAfter, Duration stallAfter) {
        SourceBacklog backlog = new SourceBacklog();
        return new LogClock<>(new BacklogReportingSource<>(source, backlog), new StallDetectingWatermarks<>(
                LogClockWatermarks.strategy(idleAfter, backlog), backlog, stallAfter));
    }

    public Source<T, SplitT, EnumChkT> source() {
        return source;
    }

    public WatermarkStrategy<T> watermarks() {
        return watermarks;
    }
}
