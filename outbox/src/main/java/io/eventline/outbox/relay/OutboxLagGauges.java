package io.eventline.outbox.relay;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The relay's lag gauges, {@code outboxUnpublishedRows} and {@code outboxOldestUnpublishedAgeMs}, updated by the
 * fetcher thread and read by the metric reporters. -1 until the first measurement.
 */
final class OutboxLagGauges {

    static final String ROWS = "outboxUnpublishedRows";
    static final String OLDEST_AGE_MS = "outboxOldestUnpublishedAgeMs";

    private volatile OutboxLag last = new OutboxLag(-1, -1);

    void register(MetricGroup group) {
        group.gauge(ROWS, (Gauge<Long>) () -> last.unpublishedRows());
        group.gauge(OLDEST_AGE_MS, (Gauge<Long>) () -> last.oldestUnpublishedAgeMs());
    }

    void update(OutboxLag lag) {
        last = lag;
    }

    OutboxLag last() {
        return last;
    }
}
