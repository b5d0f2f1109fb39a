package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ordering defects of issue 10, item 4: each fails on the operator before v2. */
class OrderingDefectsTest {

    private static final long GAP = 1_000;
    private static final long TTL = 10_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final OrderingConfig CONFIG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(GAP))
            .withDedupeTtl(Duration.ofMillis(TTL))
            .withMaxBufferedPerAggregate(3);

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @EnumSource(GapPolicy.class)
    void anAggregateQuietForLongerThanTheTtlContinuesAtItsNextNumber(GapPolicy policy) throws Exception {
        harness = OrderingHarness.withControl(CONFIG.withGapPolicy(policy), Backend.HEAP);
        harness.sendAt(T0, event("a", 1));
        harness.watermark(T0 + 3 * TTL);
        assertThat(harness.entriesBesidesProgress()).as("eventIds forgotten").isZero();
        assertThat(harness.timers()).isZero();

        harness.sendAt(T0 + 3 * TTL, event("a", 2));
        harness.watermark(T0 + 4 * TTL);

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L);
        assertThat(harness.deadLetters()).as("no false gap-timeout@1, no park").isEmpty();
    }

    @Test
    void aSequenceJumpBeyondTheMaximumIsDeadLetteredOnItsOwn() throws Exception {
        harness = OrderingHarness.withControl(CONFIG.withMaxSequenceJump(1_000), Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("a", 1_000_000_000_000L), event("a", 1_002));
        harness.watermark(T0 + 10 * GAP);
        harness.sendAt(T0 + 10 * GAP, event("a", 2));

        assertThat(harness.outputSequences("a")).as("1002 is within the jump: it waited, then its gap was skipped")
                .containsExactly(1L, 1_002L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("sequence-jump", 1_000_000_000_000L), tuple("gap-timeout", 2L),
                        tuple("late-after-skip", 2L));
        assertThat(harness.deadLetters().get(0).getMessage())
                .isEqualTo("sequence number 1000000000000 is more than 1000 ahead of the next expected 2");
    }

    @Test
    void theLargestSequenceNumberDoesNotWrapTheCounter() throws Exception {
        harness = OrderingHarness.withControl(CONFIG.withMaxSequenceJump(Long.MAX_VALUE), Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("a", Long.MAX_VALUE), event("a", Long.MAX_VALUE - 1));
        harness.watermark(T0 + GAP);
        harness.sendAt(T0 + GAP, event("a", Long.MAX_VALUE - 1), event("a", 1L, "a-1-again"));

        assertThat(harness.outputSequences("a")).containsExactly(1L, Long.MAX_VALUE - 1);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("invalid-sequence", Long.MAX_VALUE), tuple("gap-timeout", 2L),
                        tuple("conflict", 1L));
    }

    @Test
    void aBufferOverflowEventStaysRecoverable() throws Exception {
        harness = OrderingHarness.withControl(CONFIG, Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("a", 3), event("a", 4), event("a", 5), event("a", 6));
        harness.sendAt(T0 + 1, event("a", 2), event("a", 7));
        harness.watermark(T0 + 10 * GAP);
        assertThat(harness.outputSequences("a")).as("held at the overflowed 6, not skipped past it")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("buffer-overflow", 6L));

        harness.sendAt(T0 + 10 * GAP, EventEnvelope.newBuilder(event("a", 6))
                .setReplay(new ReplayInfo("orders.dlq:0:1", "order", "buffer-overflow", 2)).build());

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(harness.metrics().replaysAdmitted().getCount()).as("applied in order, not out of band").isZero();
    }

    @Test
    void aByteBudgetBoundsTheEventsBufferedOnTheSubtask() throws Exception {
        int size = serializedSize(event("a", 2));
        harness = OrderingHarness.withControl(CONFIG.withMaxBufferedBytesPerSubtask(2L * size), Backend.HEAP);
        harness.sendAt(T0, event("a", 2), event("b", 2), event("c", 2));

        assertThat(harness.metrics().eventsBuffered()).isEqualTo(2);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getAggregateId,
                DeadLetter::getMessage).containsExactly(tuple("buffer-overflow", "c",
                "buffered events of this subtask would exceed " + 2 * size + " bytes (" + 2 * size + " + " + size
                        + ")"));
        harness.sendAt(T0, event("a", 1));
        harness.sendAt(T0, event("c", 3)); // the budget is free again; c waits for its overflowed 2
        assertThat(harness.metrics().eventsBuffered()).isEqualTo(2);
    }

    /**
     * Expiry costs O(1) amortized per event: a busy aggregate remembering 8 times more eventIds costs about the
     * same per event (the operator before v2 rescanned every remembered eventId whenever one expired: 15×).
     */
    @Test
    void eventIdExpiryCostsTheSamePerEventWhateverTheNumberRemembered() throws Exception {
        double small = nanosPerEvent(1_000);
        double large = nanosPerEvent(8_000);
        assertThat(large / small).as("%.0f ns vs %.0f ns per event", large, small).isLessThan(3.0);
    }

    /**
     * One aggregate, one event per millisecond of log time, so that {@code remembered} ids stay in the TTL;
     * unsequenced events, whose ids are the only ones kept beyond the recent window (in the map).
     */
    private static double nanosPerEvent(int remembered) throws Exception {
        OrderingConfig config = CONFIG.withDedupeTtl(Duration.ofMillis(remembered)).withAllowUnsequenced(true);
        try (OrderingHarness busy = OrderingHarness.withControl(config, Backend.HEAP)) {
            int warmUp = remembered + 2_000;
            int measured = 6_000;
            long sequence = 1;
            long start = 0;
            for (int i = 0; i < warmUp + measured; i++) {
                if (i == warmUp) {
                    start = System.nanoTime();
                }
                busy.sendAt(T0 + sequence, event("a", null, "u-" + sequence));
                busy.watermark(T0 + sequence);
                sequence++;
                if (i % 1_000 == 0) {
                    busy.harness().getOutput().clear();
                }
            }
            long elapsed = System.nanoTime() - start;
            assertThat(busy.keysWith(OrderingState.APPLIED)).isEqualTo(1);
            return (double) elapsed / measured;
        }
    }

    /** State as a v1 savepoint leaves it: progress without the v2 fields, eventIds not in the expiry queue. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventIdsRememberedByAV1SavepointAreQueuedAndExpire(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG, backend);
        AggregateProgress v1 = new AggregateProgress();
        v1.nextExpected = 3;
        harness.setProgress("a", v1);
        var keyed = harness.harness().getOperator().getKeyedStateBackend();
        var applied = keyed.getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE, OrderingState.appliedDescriptor());
        applied.put("a-2", new AppliedEvent(2, 0, T0 - 2));
        applied.put("a-1", new AppliedEvent(1, 0, T0 - 5));

        harness.sendAt(T0, event("a", 3));
        assertThat(harness.keysWith(OrderingState.REMEMBERED_ORDER)).isEqualTo(1);
        harness.watermark(T0 + TTL);

        assertThat(harness.outputSequences("a")).containsExactly(3L);
        assertThat(harness.entriesBesidesProgress()).as("v1 eventIds expired too").isZero();
        assertThat(harness.timers()).isZero();
    }

    private static int serializedSize(EventEnvelope event) throws Exception {
        var serializer = OrderingHarness.TYPE.createSerializer(new org.apache.flink.api.common.serialization
                .SerializerConfigImpl());
        var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
        serializer.serialize(event, out);
        return out.length();
    }
}
