package io.eventline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.deadletter.DeadLetter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The router after the lookup, on its own: retry topics in order, the per-order hold (later notifications wait
 * behind the one in retry and are routed in order when it resolves), the DLQ with the history after the last
 * tier, snapshot/restore of a hold, and no state or timers left once every notification is resolved.
 */
class RetryRouterHarnessTest {

    private static final RetryTopics TOPICS = new RetryTopics("n", List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));

    private static KeyedOneInputStreamOperatorTestHarness<String, Enrichment, EnrichedNotification> harness(int maxWaiting)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RetryRouter(TOPICS, 3, maxWaiting, "job")),
                r -> r.notification.orderId, Types.STRING);
    }

    private static OrderNotification notification(String orderId, int seq) {
        OrderNotification n = new OrderNotification("evt-" + orderId + "-" + seq, "T" + seq, orderId, seq);
        n.retry = RetryHistory.origin("n", 0, seq);
        return n;
    }

    private static Enrichment ok(OrderNotification n) {
        OrderDetails d = new OrderDetails();
        d.orderId = n.orderId;
        return Enrichment.success(n, EnrichedNotification.of(n, d));
    }

    private static Enrichment down(OrderNotification n) {
        return Enrichment.failure(n, "connect", "refused", true);
    }

    private static List<Long> out(KeyedOneInputStreamOperatorTestHarness<String, Enrichment, EnrichedNotification> h) {
        List<Long> seqs = h.extractOutputValues().stream().map(e -> e.sequenceNumber).toList();
        h.getOutput().clear();
        return seqs;
    }

    private static List<OrderNotification> retried(KeyedOneInputStreamOperatorTestHarness<String, Enrichment, EnrichedNotification> h) {
        var records = h.getSideOutput(RetryRouter.RETRY);
        List<OrderNotification> list = records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
        if (records != null) {
            records.clear();
        }
        return list;
    }

    /** The notification as the retry source gives it back: the history from the headers. */
    private static OrderNotification back(OrderNotification sent) {
        OrderNotification n = new OrderNotification(sent.eventId, sent.eventType, sent.orderId, sent.sequenceNumber);
        n.retry = sent.retry.copy();
        return n;
    }

    @Test
    void laterNotificationsWaitBehindTheOneInRetryAndFollowInOrder() throws Exception {
        try (var h = harness(10)) {
            h.open();
            OrderNotification n1 = notification("o", 1), n2 = notification("o", 2), n3 = notification("o", 3);
            h.processElement(down(n1), 0);
            h.processElement(ok(n2), 0);                 // looked up fine, but n1 is in retry: waits
            h.processElement(down(n3), 0);
            h.processElement(ok(notification("other", 1)), 0); // another order is not held
            assertThat(out(h)).containsExactly(1L);
            List<OrderNotification> first = retried(h);
            assertThat(first).extracting(n -> n.eventId, n -> n.retry.retries, n -> n.retry.attempts)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("evt-o-1", 1, 3));

            h.processElement(down(back(first.get(0))), 0);   // fails again: second tier, still held
            List<OrderNotification> second = retried(h);
            assertThat(second).extracting(n -> n.retry.retries, n -> n.retry.attempts).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2, 6));
            assertThat(second.get(0).retry.failures.lines()).hasSize(2);
            assertThat(out(h)).isEmpty();

            h.processElement(ok(back(second.get(0))), 0);    // enriched: n1, n2 out, n3 (failed) looked up again at once
            assertThat(out(h)).containsExactly(1L, 2L);
            List<OrderNotification> third = retried(h);
            assertThat(third).extracting(n -> n.eventId, n -> n.retry.retries, n -> n.retry.dueAt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("evt-o-3", 0, 0L)); // no retry topic used: due now
            h.processElement(ok(notification("o", 4)), 0);   // arrives while n3 is in retry: waits
            assertThat(out(h)).isEmpty();
            h.processElement(ok(back(third.get(0))), 0);
            assertThat(out(h)).containsExactly(3L, 4L);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void afterTheLastTierTheDlqGetsTheHistoryAndTheHoldIsReleased() throws Exception {
        OperatorSubtaskState snapshot;
        OrderNotification inRetry;
        try (var h = harness(10)) {
            h.open();
            h.processElement(down(notification("o", 1)), 0);
            h.processElement(ok(notification("o", 2)), 0);
            inRetry = retried(h).get(0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(10)) {   // restored: the hold and the waiting notification survive
            h.initializeState(snapshot);
            h.open();
            assertThat(inRetry.retry.dueAt).isEqualTo(1_000); // the first tier's delay after the failure at 0
            h.processElement(down(back(inRetry)), 0);
            OrderNotification last = retried(h).get(0);
            h.processElement(Enrichment.failure(back(last), "http-5xx", "HTTP 503", true), 0);
            assertThat(retried(h)).isEmpty();
            List<DeadLetter> letters = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(letters).extracting(d -> d.getReason().toString(), DeadLetter::getAttempt, d -> d.getOffset())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("retries-exhausted", 9, 1L));
            assertThat(letters.get(0).getMessage().toString()).contains("9 attempts, 2 retry topics [n.retry-1s, n.retry-5s]");
            assertThat(out(h)).containsExactly(2L); // released behind the dead letter
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aFullWaitingListDeadLettersTheNextOneAndKeepsTheHold() throws Exception {
        try (var h = harness(1)) {
            h.open();
            h.processElement(down(notification("o", 1)), 0);
            h.processElement(ok(notification("o", 2)), 0);
            h.processElement(ok(notification("o", 3)), 0);
            List<DeadLetter> letters = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(letters).extracting(d -> d.getReason().toString(), d -> d.getSequenceNumber())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("hold-overflow", 3L));
            assertThat(out(h)).isEmpty();
        }
    }
}
