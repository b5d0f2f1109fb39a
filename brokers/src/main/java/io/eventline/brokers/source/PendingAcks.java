package io.eventline.brokers.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Messages emitted but not yet acknowledged, grouped by the checkpoint that first covers them: everything emitted
 * before {@code snapshotState(n)} belongs to checkpoint n and is acknowledged when n (or a later one) completes.
 * Task-thread only (the emitter and the checkpoint calls both run there).
 */
final class PendingAcks {

    private List<BrokerMessage> sinceLastSnapshot = new ArrayList<>();
    private final NavigableMap<Long, List<BrokerMessage>> byCheckpoint = new TreeMap<>();

    void emitted(BrokerMessage message) {
        sinceLastSnapshot.add(message);
    }

    void snapshot(long checkpointId) {
        byCheckpoint.put(checkpointId, sinceLastSnapshot);
        sinceLastSnapshot = new ArrayList<>();
    }

    /** Acknowledges everything up to a completed checkpoint (which subsumes older ones), per consumer. */
    void complete(long checkpointId) {
        Map<BrokerConsumer, List<BrokerMessage>> byConsumer = new LinkedHashMap<>();
        NavigableMap<Long, List<BrokerMessage>> done = byCheckpoint.headMap(checkpointId, true);
        for (List<BrokerMessage> messages : done.values()) {
            for (BrokerMessage m : messages) {
                byConsumer.computeIfAbsent(m.consumer(), c -> new ArrayList<>()).add(m);
            }
        }
        done.clear();
        byConsumer.forEach(BrokerConsumer::acknowledge);
    }

    /** Messages not yet acknowledged (a metric and tests). */
    long pending() {
        long n = sinceLastSnapshot.size();
        for (List<BrokerMessage> messages : byCheckpoint.values()) {
            n += messages.size();
        }
        return n;
    }
}
