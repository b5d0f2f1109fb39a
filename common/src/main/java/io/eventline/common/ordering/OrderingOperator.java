package io.eventline.common.ordering;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The two-input ordering operator. Its event-time clock is the event input's watermark alone: the command input's
 * watermarks and idleness are ignored. A two-input operator normally takes the minimum of both inputs, so a control
 * topic that is quiet for days (and so carries no watermark) would stop every gap timeout; commands are not part of
 * the log whose time the operator measures, and need no watermark strategy of their own.
 */
public class OrderingOperator<E> extends KeyedCoProcessOperator<String, E, OrderingCommand, E> {

    private static final long serialVersionUID = 1L;

    public OrderingOperator(OrderingFunction<E> function) {
        super(function);
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        // Straight to the timer service and downstream, bypassing the combination with the command input.
        processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // Ignored: see the class comment.
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputIndex) {
        if (inputIndex == 0) {
            output.emitWatermarkStatus(status);
        }
    }
}
