package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetters;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Enriched notifications pass; lookups that failed for good or ran out of retries become dead letters. */
final class RouteFailures extends ProcessFunction<Enrichment, EnrichedNotification> {

    private static final long serialVersionUID = 1L;
    private final String sourceTopic;
    private final int maxAttempts;
    private final String jobName;

    RouteFailures(String sourceTopic, int maxAttempts, String jobName) {
        this.sourceTopic = sourceTopic;
        this.maxAttempts = maxAttempts;
        this.jobName = jobName;
    }

    @Override
    public void processElement(Enrichment r, Context ctx, Collector<EnrichedNotification> out) {
        if (r.succeeded()) {
            out.collect(r.enriched);
        } else {
            ctx.output(DeadLetters.TAG, NotificationDeadLetters.failed(r, sourceTopic, maxAttempts, jobName));
        }
    }
}
