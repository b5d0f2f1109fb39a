package io.eventline.outbox.relay;

import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the one outbox split to reader 0 (the relay reads with parallelism 1: one reader is what keeps the
 * commit-safe order), and takes it back when that reader fails before a checkpoint.
 */
final class OutboxEnumerator implements SplitEnumerator<OutboxSplit, OutboxEnumeratorState> {

    private final SplitEnumeratorContext<OutboxSplit> context;
    private OutboxSplit unassigned;

    OutboxEnumerator(SplitEnumeratorContext<OutboxSplit> context, OutboxSplit unassigned) {
        this.context = context;
        this.unassigned = unassigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<OutboxSplit> splits, int subtaskId) {
        if (!splits.isEmpty()) {
            unassigned = splits.get(0);
        }
        assignIfReady();
    }

    @Override
    public void addReader(int subtaskId) {
        assignIfReady();
    }

    private void assignIfReady() {
        if (unassigned != null && context.registeredReaders().containsKey(0)) {
            context.assignSplit(unassigned, 0);
            unassigned = null;
        }
    }

    @Override
    public OutboxEnumeratorState snapshotState(long checkpointId) {
        return new OutboxEnumeratorState(unassigned);
    }

    @Override
    public void close() {}
}
