package io.eventline.common.technical;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The heartbeat source's generator function: each generated index is one tick ({@link PartitionHeartbeatProbe}), its
 * output the tick's signals. Opens the admin client with the source reader and closes it with it. Metrics of the
 * source operator: per partition {@code heartbeat.topic.<t>.partition.<p>.lag} and {@code .stalled} (0/1), and the
 * counters {@code heartbeatFailures} (ticks whose broker calls failed) and {@code partitionStalls} (stalls begun).
 */
public final class PartitionHeartbeatGenerator implements GeneratorFunction<Long, List<PartitionSignal>> {

    private static final long serialVersionUID = 1L;

    private final HeartbeatSettings settings;
    private transient PartitionHeartbeatProbe probe;
    private transient MetricGroup metrics;
    private transient Counter failures;
    private transient Counter stalls;
    /** The last heartbeat of each partition, read by its gauges (on the metric reporter's thread). */
    private transient Map<Integer, PartitionSignal> latest;

    public PartitionHeartbeatGenerator(HeartbeatSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        metrics = readerContext.metricGroup();
        failures = metrics.counter("heartbeatFailures");
        stalls = metrics.counter("partitionStalls");
        latest = new ConcurrentHashMap<>();
        probe = new PartitionHeartbeatProbe(settings, System::currentTimeMillis);
    }

    @Override
    public List<PartitionSignal> map(Long tick) throws Exception {
        long failedBefore = probe.failures();
        List<PartitionSignal> signals = probe.tick();
        failures.inc(probe.failures() - failedBefore);
        for (PartitionSignal s : signals) {
            if (s.kind == PartitionSignal.Kind.STALLED) {
                stalls.inc();
            } else if (s.kind == PartitionSignal.Kind.HEARTBEAT && latest.put(s.partition, s) == null) {
                MetricGroup partition = metrics.addGroup("heartbeat")
                        .addGroup("topic", s.topic).addGroup("partition", String.valueOf(s.partition));
                int p = s.partition;
                partition.gauge("lag", () -> latest.get(p).lag);
                partition.gauge("stalled", () -> latest.get(p).state == PartitionState.STALLED ? 1 : 0);
            }
        }
        return signals;
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
    }
}
