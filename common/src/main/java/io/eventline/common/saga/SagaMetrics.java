package io.eventline.common.saga;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The saga operator's metrics (group {@code saga}); names are what the alert rules in deploy/monitoring use. */
final class SagaMetrics {

    final Counter started;
    final Counter completed;
    final Counter compensated;
    final Counter stuck;
    final Counter commandsSent;
    final Counter retries;
    final Counter stepTimeouts;
    final Counter duplicateReplies;
    final Counter lateReplies;
    final Counter repliesForUnknownSagas;
    final Counter duplicateStarts;
    /** How far past its deadline the last deadline timer fired: grows when the orchestrator cannot keep up. */
    private volatile long deadlineOverrunMs;

    SagaMetrics(MetricGroup operator) {
        MetricGroup g = operator.addGroup("saga");
        started = g.counter("sagasStarted");
        completed = g.counter("sagasCompleted");
        compensated = g.counter("sagasCompensated");
        stuck = g.counter("sagasStuck");
        commandsSent = g.counter("commandsSent");
        retries = g.counter("commandRetries");
        stepTimeouts = g.counter("stepTimeouts");
        duplicateReplies = g.counter("duplicateReplies");
        lateReplies = g.counter("lateReplies");
        repliesForUnknownSagas = g.counter("repliesForUnknownSagas");
        duplicateStarts = g.counter("duplicateStarts");
        g.gauge("deadlineOverrunMs", () -> deadlineOverrunMs);
    }

    void deadlineFired(long deadline, long now) {
        deadlineOverrunMs = Math.max(0, now - deadline);
    }
}
