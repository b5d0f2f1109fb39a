package io.eventline.jobs.orders.projection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Pre-aggregates a projection subtask's ticks before they are funneled to the one {@code projection_status} key:
 * per projection, the count of applied events and the latest event time, emitted as one tick every
 * {@code intervalMs}, before every checkpoint barrier and at end of input. So the status operator and its sink see
 * a few ticks per second per subtask instead of one per event (two shuffled records and two keyed state updates
 * per event before, issue 12). Nothing is held across a checkpoint (emitted before the barrier), so the operator
 * has no state; the status row's totals are those of unbatched ticks.
 *
 * <p>A custom operator because flushing before the barrier ({@link #prepareSnapshotPreBarrier}) is not available to
 * a process function.
 */
final class ProjectionTickBatcher extends AbstractStreamOperator<ProjectionTick>
        implements OneInputStreamOperator<ProjectionTick, ProjectionTick>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final long intervalMs;
    private transient Map<String, ProjectionTick> pending;
    private transient boolean timerSet;

    ProjectionTickBatcher(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ProjectionTick> element) {
        ProjectionTick tick = element.getValue();
        ProjectionTick sum = pending.get(tick.projection);
        if (sum == null) {
            pending.put(tick.projection, ProjectionTick.of(tick.projection, tick.eventTime, tick.count));
        } else {
            sum.count += tick.count;
            sum.eventTime = later(sum.eventTime, tick.eventTime);
        }
        if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + intervalMs, time -> {
                timerSet = false;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (ProjectionTick tick : pending.values()) {
            output.collect(new StreamRecord<>(tick));
        }
        pending.clear();
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
