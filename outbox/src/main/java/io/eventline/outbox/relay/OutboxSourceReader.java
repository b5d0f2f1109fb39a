package io.eventline.outbox.relay;

import io.eventline.events.EventEnvelope;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * Reads the outbox split on one fetcher thread and remembers, per checkpoint, the position it snapshotted; when
 * that checkpoint completes, the {@link OutboxJanitor} marks the rows up to it published.
 */
final class OutboxSourceReader
        extends SingleThreadMultiplexSourceReaderBase<OutboxRecord, EventEnvelope, OutboxSplit, OutboxSplitState> {

    private final NavigableMap<Long, OutboxPosition> snapshotted = new TreeMap<>();
    private final OutboxJanitor janitor;

    OutboxSourceReader(OutboxSourceSettings settings, OutboxLagGauges lag, SourceReaderContext context) {
        super(() -> new OutboxSplitReader(settings, lag), new OutboxRecordEmitter(), new Configuration(), context);
        this.janitor = new OutboxJanitor(settings);
    }

    @Override
    public List<OutboxSplit> snapshotState(long checkpointId) {
        List<OutboxSplit> splits = super.snapshotState(checkpointId);
        if (!splits.isEmpty()) {
            snapshotted.put(checkpointId, splits.get(0).position());
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        // A completed checkpoint subsumes the older ones, whose notifications may never come.
        Map.Entry<Long, OutboxPosition> done = snapshotted.floorEntry(checkpointId);
        if (done != null) {
            janitor.published(done.getValue());
            snapshotted.headMap(checkpointId, true).clear();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, OutboxSplitState> finishedSplitIds) {
        // The outbox never finishes.
    }

    @Override
    protected OutboxSplitState initializedState(OutboxSplit split) {
        return new OutboxSplitState(split.position());
    }

    @Override
    protected OutboxSplit toSplitType(String splitId, OutboxSplitState state) {
        return new OutboxSplit(state.position());
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            janitor.close();
        }
    }
}
