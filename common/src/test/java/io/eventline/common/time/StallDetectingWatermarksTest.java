package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/**
 * The stall detector inside the source's watermark strategy, on a driven activity clock: the split generators of one
 * subtask share one detector and one pair of metrics, and the watermarks are exactly the wrapped strategy's.
 */
class StallDetectingWatermarksTest {

    private long now;
    private Long pending = 0L;
    private final Map<String, Object> metrics = new HashMap<>();
    private final List<Long> watermarks = new ArrayList<>();

    @Test
    void gaugeAndCounterFollowStallsOfTheReaderAndWatermarksAreUntouched() {
        SourceBacklog backlog = new SourceBacklog(() -> now * 1_000_000);
        backlog.report(() -> pending);
        WatermarkStrategy<String> strategy = new StallDetectingWatermarks<>(
                LogClockWatermarks.strategy(Duration.ofSeconds(10), backlog), backlog, Duration.ofSeconds(60));
        WatermarkGenerator<String> split0 = strategy.createWatermarkGenerator(context());
        WatermarkGenerator<String> split1 = strategy.createWatermarkGenerator(context());
        WatermarkOutput output = output();

        split0.onEvent("a", 5_000, output);
        split0.onPeriodicEmit(output);
        assertThat(watermarks).containsExactly(4_999L); // LogClockWatermarks: highest record time - 1 ms
        assertThat(stalled()).isZero();

        pending = 42L; // lag, and no record from either split for 60 s
        now += 30_000;
        split1.onEvent("b", 6_000, output); // a record of the other split is progress of the same reader
        now += 59_999;
        split0.onPeriodicEmit(output);
        split1.onPeriodicEmit(output);
        assertThat(stalled()).isZero();
        now += 1;
        split1.onPeriodicEmit(output);
        split0.onPeriodicEmit(output);
        assertThat(stalled()).isOne();
        assertThat(stalls()).isOne();
        // each split on its own record time; behind, neither falls back to the wall clock
        assertThat(watermarks).containsExactly(4_999L, 5_999L);

        split0.onEvent("c", 7_000, output);
        assertThat(stalled()).isZero();
        assertThat(stalls()).isOne();
    }

    private int stalled() {
        return (Integer) ((Gauge<?>) metrics.get(StallDetectingWatermarks.STALLED_GAUGE)).getValue();
    }

    private long stalls() {
        return ((Counter) metrics.get(StallDetectingWatermarks.STALLS_COUNTER)).getCount();
    }

    private WatermarkOutput output() {
        return new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                watermarks.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
    }

    private WatermarkGeneratorSupplier.Context context() {
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                assertThat(metrics.put(name, gauge)).as("registered once: " + name).isNull();
                return gauge;
            }

            @Override
            public Counter counter(String name) {
                Counter counter = new SimpleCounter();
                assertThat(metrics.put(name, counter)).as("registered once: " + name).isNull();
                return counter;
            }
        };
        RelativeClock clock = new RelativeClock() {
            @Override
            public long relativeTimeMillis() {
                return now;
            }

            @Override
            public long relativeTimeNanos() {
                return now * 1_000_000;
            }
        };
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return clock;
            }
        };
    }
}
