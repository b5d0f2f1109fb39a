package io.eventline.common.time;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * For a side source that must never hold back the event time of the operator it feeds (e.g. operator commands on
 * a control topic joined to an event stream): it emits no watermark and declares itself idle on every periodic
 * emit, so a downstream two-input operator takes its watermark from the other input alone. Its records still flow.
 */
public final class IdleSourceWatermarks<T> implements WatermarkGenerator<T> {

    public static <T> WatermarkStrategy<T> strategy() {
        return context -> new IdleSourceWatermarks<>();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        // no event time of its own
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
