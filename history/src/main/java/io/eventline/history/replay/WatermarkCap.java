package io.eventline.history.replay;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records through and holds the event-time clock at or below {@code cap}: a bounded source ends with the
 * final watermark (end of time), which would fire every gap timer still open; the read model at log time T must
 * decide only the gaps that had expired by T. Hand-written: no Flink operator bounds watermarks.
 */
public final class WatermarkCap<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    private static final long serialVersionUID = 1L;

    private final long cap;
    private long emitted = Long.MIN_VALUE;

    public WatermarkCap(long cap) {
        this.cap = cap;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long at = Math.min(mark.getTimestamp(), cap);
        if (at > emitted) {
            emitted = at;
            super.processWatermark(new Watermark(at));
        }
    }
}
