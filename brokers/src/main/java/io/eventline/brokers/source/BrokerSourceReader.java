package io.eventline.brokers.source;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * Flink's single-fetcher reader base over the broker consumers, plus the one thing brokers need: messages are
 * acknowledged only when a checkpoint that covers them has completed (at-least-once; the ordering operator drops
 * what the broker redelivers after a failure).
 */
final class BrokerSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<BrokerMessage, T, BrokerSplit, BrokerSplit> {

    private final PendingAcks pending;
    private final BrokerRecordDecoder<T> decoder;
    private final SourceReaderContext context;

    BrokerSourceReader(BrokerConnector connector, BrokerRecordDecoder<T> decoder, Duration pollTimeout,
            String consumerPrefix, SourceReaderContext context, PendingAcks pending) {
        super(() -> new BrokerSplitReader(connector, consumerPrefix, pollTimeout),
                new BrokerRecordEmitter<>(decoder, pending), new Configuration(), context);
        this.pending = pending;
        this.decoder = decoder;
        this.context = context;
        context.metricGroup().gauge("unacknowledgedMessages", pending::pending);
    }

    @Override
    public void start() {
        try {
            decoder.open(new DeserializationSchema.InitializationContext() {
                @Override
                public MetricGroup getMetricGroup() {
                    return context.metricGroup().addGroup("deserializer");
                }

                @Override
                public UserCodeClassLoader getUserCodeClassLoader() {
                    return SimpleUserCodeClassLoader.create(context.getUserCodeClassLoader().asClassLoader());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the decoder", e);
        }
        super.start();
    }

    @Override
    public List<BrokerSplit> snapshotState(long checkpointId) {
        pending.snapshot(checkpointId);
        return super.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        pending.complete(checkpointId);
    }

    @Override
    protected void onSplitFinished(Map<String, BrokerSplit> finishedSplitIds) {}

    @Override
    protected BrokerSplit initializedState(BrokerSplit split) {
        return split;
    }

    @Override
    protected BrokerSplit toSplitType(String splitId, BrokerSplit state) {
        return state;
    }
}
