package io.eventline.history.state;

import io.eventline.common.ordering.AggregateProgress;
import io.eventline.common.ordering.OrderingStateDescriptors;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** Reads the ordering operator's keyed state, aggregate by aggregate, with the operator's own descriptors. */
public final class OrderingStateReader extends KeyedStateReaderFunction<String, AggregateState> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<AggregateProgress> progress;
    private transient MapState<Long, EventEnvelope> buffer;
    private transient MapState<Long, String> holds;

    @Override
    public void open(OpenContext context) {
        progress = getRuntimeContext().getState(OrderingStateDescriptors.progress());
        buffer = getRuntimeContext().getMapState(OrderingStateDescriptors.buffer(OrderEnvelopes.type()));
        holds = getRuntimeContext().getMapState(OrderingStateDescriptors.holds());
    }

    @Override
    public void readKey(String key, Context context, Collector<AggregateState> out) throws Exception {
        AggregateProgress p = progress.value();
        if (p == null) {
            return; // only eventId memory left for this key
        }
        AggregateState s = new AggregateState();
        s.aggregateId = key;
        s.nextExpected = p.nextExpected;
        s.buffered = p.buffered;
        s.bufferedBytes = p.bufferedBytes;
        s.parked = p.parked;
        s.heldAt = p.heldAt;
        s.skippedRanges = p.skippedRanges;
        s.gapTimerAt = p.gapTimerAt;
        s.lastActivityAt = p.lastActivityAt;
        Map<Long, String> waiting = new TreeMap<>();
        for (Map.Entry<Long, EventEnvelope> e : buffer.entries()) {
            waiting.put(e.getKey(), e.getValue().getEventId());
        }
        s.bufferedSequences = String.join(",", waiting.keySet().stream().map(String::valueOf).toList());
        s.bufferedEventIds = String.join(",", waiting.values());
        Map<Long, String> held = new TreeMap<>();
        for (Map.Entry<Long, String> e : holds.entries()) {
            held.put(e.getKey(), e.getValue());
        }
        s.holds = String.join(",", held.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        out.collect(s);
    }
}
