package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetters;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * After the lookup, keyed by order id: enriched notifications pass; a failure the API answered for good (4xx)
 * is dead-lettered; a transient failure the in-operator retries could not absorb goes to the next retry topic
 * ({@link #RETRY}, {@link RetryTopics}), and after the last one to the DLQ with its whole history.
 *
 * <p><b>Per-order hold</b>: while one of an order's notifications is in retry ({@value #HELD_STATE_NAME}), the
 * order's later notifications wait here behind it, as the ordering operator holds an aggregate behind a gap: a
 * consumer never sees notification n+1 before n. When the held one is enriched or dead-lettered, those waiting are
 * routed in order (one of them may be the next to go to retry, holding the rest again). At most
 * {@code maxWaiting} wait per order; one more is dead-lettered ({@value #HOLD_OVERFLOW}), never dropped, and the
 * hold stays. The enrichment of a waiting notification is the one looked up when it first passed.
 */
final class RetryRouter extends KeyedProcessFunction<String, Enrichment, EnrichedNotification> {

    private static final long serialVersionUID = 1L;

    static final String HELD_STATE_NAME = "retry-held-by";
    static final String WAITING_STATE_NAME = "retry-waiting";
    static final String HOLD_OVERFLOW = "hold-overflow";

    static final OutputTag<OrderNotification> RETRY =
            new OutputTag<>("retry", TypeInformation.of(OrderNotification.class));

    private final RetryTopics topics;
    private final int attemptsPerPass;
    private final int maxWaiting;
    private final String jobName;
    private transient ValueState<String> heldBy;
    private transient ListState<Enrichment> waiting;
    private transient Counter retried;
    private transient Counter held;

    RetryRouter(RetryTopics topics, int attemptsPerPass, int maxWaiting, String jobName) {
        this.topics = topics;
        this.attemptsPerPass = attemptsPerPass;
        this.maxWaiting = maxWaiting;
        this.jobName = jobName;
    }

    @Override
    public void open(OpenContext openContext) {
        heldBy = getRuntimeContext().getState(new ValueStateDescriptor<>(HELD_STATE_NAME, Types.STRING));
        waiting = getRuntimeContext().getListState(
                new ListStateDescriptor<>(WAITING_STATE_NAME, TypeInformation.of(Enrichment.class)));
        retried = getRuntimeContext().getMetricGroup().counter("notificationsToRetryTopics");
        held = getRuntimeContext().getMetricGroup().counter("notificationsHeldBehindRetry");
    }

    @Override
    public void processElement(Enrichment r, Context ctx, Collector<EnrichedNotification> out) throws Exception {
        String holder = heldBy.value();
        if (holder != null && !holder.equals(r.notification.eventId)) {
            List<Enrichment> queued = new ArrayList<>();
            waiting.get().forEach(queued::add);
            if (queued.size() >= maxWaiting) {
                ctx.output(DeadLetters.TAG, NotificationDeadLetters.heldOverflow(r.notification, holder, maxWaiting, jobName));
            } else {
                waiting.add(r);
                held.inc();
            }
            return;
        }
        if (route(r, false, ctx, out)) {
            heldBy.update(r.notification.eventId);
            return;
        }
        if (holder != null) {
            heldBy.clear();
            release(ctx, out);
        }
    }

    /** Routes those waiting, in order, until one of them goes to retry and holds the rest again. */
    private void release(Context ctx, Collector<EnrichedNotification> out) throws Exception {
        List<Enrichment> queued = new ArrayList<>();
        waiting.get().forEach(queued::add);
        waiting.clear();
        for (int i = 0; i < queued.size(); i++) {
            Enrichment next = queued.get(i);
            if (route(next, true, ctx, out)) {
                heldBy.update(next.notification.eventId);
                waiting.update(new ArrayList<>(queued.subList(i + 1, queued.size())));
                return;
            }
        }
    }

    /**
     * Passes, dead-letters or sends to retry; returns whether the notification went to a retry topic.
     *
     * @param released it waited behind another notification that has just resolved: a transient failure of its
     *     lookup (made while it waited, likely during the same outage) is looked up again at once, through the first
     *     retry topic without its delay, before it starts on the retry topics' delays
     */
    private boolean route(Enrichment r, boolean released, Context ctx, Collector<EnrichedNotification> out) {
        if (r.succeeded()) {
            out.collect(r.enriched);
            return false;
        }
        OrderNotification n = r.notification;
        if (!r.transientFailure) {
            ctx.output(DeadLetters.TAG, NotificationDeadLetters.failed(r, n.retry, 1, jobName));
            return false;
        }
        long now = ctx.timerService().currentProcessingTime();
        RetryHistory history = n.retry.failedPass(attemptsPerPass, r.failureReason, r.failureMessage, now);
        if (released && history.retries == 0 && topics.tiers() > 0) {
            history.dueAt = now; // again at once; its retry topics are still all ahead of it
        } else if (history.retries >= topics.tiers()) {
            ctx.output(DeadLetters.TAG, NotificationDeadLetters.exhausted(r, history, topics, jobName));
            return false;
        } else {
            history.dueAt = now + topics.delay(history.retries).toMillis();
            history.retries++;
        }
        OrderNotification next = new OrderNotification(n.eventId, n.eventType, n.orderId, n.sequenceNumber);
        next.retry = history;
        ctx.output(RETRY, next);
        retried.inc();
        return true;
    }
}
