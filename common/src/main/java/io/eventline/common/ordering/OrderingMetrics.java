package io.eventline.common.ordering;

import io.eventline.contracts.OrderingReasons;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The operator's metrics: {@code duplicatesDropped} (of which {@code duplicatesBeyondWindow}), {@code conflicts},
 * {@code gapsTimedOut}, {@code replaysAdmitted}, {@code holds}, {@code holdsIgnored}, the gauge
 * {@code eventsBuffered} (this subtask), and {@code deadLetters.reason.<code>.count} with the reason as a label.
 */
public final class OrderingMetrics {

    private final Counter duplicatesDropped;
    private final Counter duplicatesBeyondWindow;
    private final Counter conflicts;
    private final Counter gapsTimedOut;
    private final Counter replaysAdmitted;
    private final Counter holds;
    private final Counter holdsIgnored;
    private final Map<String, Counter> deadLetters = new HashMap<>();
    private final LongSupplier eventsBuffered;

    OrderingMetrics(MetricGroup group, LongSupplier eventsBuffered) {
        duplicatesDropped = group.counter("duplicatesDropped");
        duplicatesBeyondWindow = group.counter("duplicatesBeyondWindow");
        conflicts = group.counter("conflicts");
        gapsTimedOut = group.counter("gapsTimedOut");
        replaysAdmitted = group.counter("replaysAdmitted");
        holds = group.counter("holds");
        holdsIgnored = group.counter("holdsIgnored");
        this.eventsBuffered = eventsBuffered;
        group.gauge("eventsBuffered", (Gauge<Long>) eventsBuffered::getAsLong);
        MetricGroup byReason = group.addGroup("deadLetters");
        // Registered up front so that dashboards see every reason at zero, not only after the first failure.
        for (String reason : OrderingReasons.ALL) {
            deadLetters.put(reason, byReason.addGroup("reason", reason).counter("count"));
        }
    }

    public Counter duplicatesDropped() {
        return duplicatesDropped;
    }

    /**
     * Copies of an applied sequence number older than the aggregate's recent window, dropped by their number alone
     * (their eventId and content are no longer compared); also counted in {@link #duplicatesDropped}.
     */
    public Counter duplicatesBeyondWindow() {
        return duplicatesBeyondWindow;
    }

    public Counter conflicts() {
        return conflicts;
    }

    public Counter gapsTimedOut() {
        return gapsTimedOut;
    }

    /**
     * Replayed events handed on although they are below the next expected number: ones the projection rejected
     * before, and late events whose gap was skipped.
     */
    public Counter replaysAdmitted() {
        return replaysAdmitted;
    }

    /** Sequence numbers an aggregate was held at: HOLD commands and buffer overflows. */
    public Counter holds() {
        return holds;
    }

    /** HOLD commands for a number already applied, skipped or waiting: nothing to hold back. */
    public Counter holdsIgnored() {
        return holdsIgnored;
    }

    /** The value of the {@code eventsBuffered} gauge. */
    public long eventsBuffered() {
        return eventsBuffered.getAsLong();
    }

    public Counter deadLetters(String reason) {
        return deadLetters.get(reason);
    }
}
