package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetters;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Notifications pass; records that are not one go to the dead-letter side output. */
final class SplitMalformed extends ProcessFunction<DecodedNotification, OrderNotification> {

    private static final long serialVersionUID = 1L;
    private final String jobName;

    SplitMalformed(String jobName) {
        this.jobName = jobName;
    }

    @Override
    public void processElement(DecodedNotification d, Context ctx, Collector<OrderNotification> out) {
        if (d.notification != null) {
            if (d.notification.retry == null) { // decoded elsewhere than by NotificationDeserializer
                d.notification.retry = RetryHistory.origin(d.topic, d.partition, d.offset);
            }
            out.collect(d.notification);
        } else {
            ctx.output(DeadLetters.TAG, NotificationDeadLetters.malformed(d, jobName));
        }
    }
}
