package io.eventline.brokers.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the configured splits out round-robin over the registered readers, each split to one reader, and takes
 * back the splits of a failed reader. A reader without a split stays idle (its watermark generator marks it so).
 */
final class StaticSplitEnumerator implements SplitEnumerator<BrokerSplit, List<BrokerSplit>> {

    private final SplitEnumeratorContext<BrokerSplit> context;
    private final List<BrokerSplit> unassigned;
    private final boolean bounded;

    StaticSplitEnumerator(SplitEnumeratorContext<BrokerSplit> context, List<BrokerSplit> unassigned, boolean bounded) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
        this.bounded = bounded;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<BrokerSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        assign();
    }

    /** Splits by index modulo parallelism, so a restart gives each reader the same splits again. */
    private void assign() {
        int parallelism = context.currentParallelism();
        Map<Integer, List<BrokerSplit>> bySubtask = new TreeMap<>();
        for (BrokerSplit split : List.copyOf(unassigned)) {
            int owner = Math.floorMod(split.name().hashCode(), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                bySubtask.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
                unassigned.remove(split);
            }
        }
        bySubtask.forEach((subtask, splits) -> {
            splits.forEach(split -> context.assignSplit(split, subtask));
            if (bounded) {
                context.signalNoMoreSplits(subtask);
            }
        });
        if (bounded) {
            // readers that own no split at all finish at once
            for (int subtask : context.registeredReaders().keySet()) {
                if (!bySubtask.containsKey(subtask) && unassigned.stream()
                        .noneMatch(s -> Math.floorMod(s.name().hashCode(), parallelism) == subtask)) {
                    context.signalNoMoreSplits(subtask);
                }
            }
        }
    }

    @Override
    public List<BrokerSplit> snapshotState(long checkpointId) {
        return List.copyOf(unassigned);
    }

    @Override
    public void close() {}
}
