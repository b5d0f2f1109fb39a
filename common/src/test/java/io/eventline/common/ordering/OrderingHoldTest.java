package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sequenced dead letters: a HOLD command (or an overflow) holds the aggregate behind the dead-lettered number. */
class OrderingHoldTest {

    private static final long GAP = 1_000;
    private static final long TTL = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final OrderingConfig HOLD = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(GAP))
            .withDedupeTtl(Duration.ofMillis(TTL))
            .withMaxBufferedPerAggregate(2)
            .withJobName("test-job");

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static EventEnvelope replayed(EventEnvelope event, String stage, String reason) {
        return EventEnvelope.newBuilder(event)
                .setReplay(new ReplayInfo("orders.dlq:0:" + event.getSequenceNumber(), stage, reason, 2))
                .build();
    }

    @ParameterizedTest
    @EnumSource(GapPolicy.class)
    void aHeldAggregateWaitsWithoutGapTimeoutAndItsReplayReleasesItInOrder(GapPolicy gapPolicy) throws Exception {
        harness = OrderingHarness.withControl(HOLD.withGapPolicy(gapPolicy), Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("b", 1));
        harness.hold("a", 2);
        harness.sendAt(T0 + 10, event("a", 3), event("a", 4), event("b", 3));
        harness.watermark(T0 + 100 * GAP);

        assertThat(harness.outputSequences("a")).as("held: nothing after 2 applies").containsExactly(1L);
        assertThat(harness.outputSequences("b")).as("other aggregates follow the gap policy")
                .containsExactlyElementsOf(gapPolicy == GapPolicy.SKIP ? List.of(1L, 3L) : List.of(1L));
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getAggregateId)
                .containsExactly(tuple("gap-timeout", "b"));
        assertThat(harness.metrics().holds().getCount()).isEqualTo(1);

        harness.sendAt(T0 + 200 * GAP, replayed(event("a", 2), "deserialize", "malformed"));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(harness.keysWith(OrderingState.HOLDS)).isZero();
        assertThat(harness.metrics().eventsBuffered()).as("b-3 waits only where b is parked")
                .isEqualTo(gapPolicy == GapPolicy.SKIP ? 0 : 1);
    }

    @Test
    void beyondTheBufferBoundAHeldAggregatesEventsAreParkedAndAReplayInOrderRecoversThem() throws Exception {
        harness = OrderingHarness.withControl(HOLD, Backend.HEAP);
        harness.sendAt(T0, event("a", 1));
        harness.hold("a", 2);
        harness.sendAt(T0 + 1, event("a", 3), event("a", 4), event("a", 5), event("a", 6));

        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber,
                DeadLetter::getMessage).containsExactly(
                tuple("parked", 5L, "aggregate held at sequence number 2 (dead letter orders.dlq:0:2) with its buffer"
                        + " full; replay the held event"),
                tuple("parked", 6L, "aggregate held at sequence number 2 (dead letter orders.dlq:0:2) with its buffer"
                        + " full; replay the held event"));

        // eventline dlq replay: one aggregate's dead letters in sequence order.
        harness.sendAt(T0 + 2, replayed(event("a", 2), "deserialize", "malformed"),
                replayed(event("a", 5), "order", "parked"), replayed(event("a", 6), "order", "parked"));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(harness.metrics().eventsBuffered()).isZero();
    }

    @Test
    void aHoldBelowTheAppliedMarkOrOfAWaitingEventIsIgnoredAndCreatesNoState() throws Exception {
        harness = OrderingHarness.withControl(HOLD, Backend.HEAP);
        harness.hold("unknown", 0);
        assertThat(harness.keyedStateEntries()).isZero();

        harness.sendAt(T0, event("a", 1), event("a", 3));
        harness.hold("a", 1);
        harness.hold("a", 3); // a good copy already waits
        harness.sendAt(T0 + 1, event("a", 2));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L);
        assertThat(harness.metrics().holdsIgnored().getCount()).isEqualTo(3);
        assertThat(harness.metrics().holds().getCount()).isZero();
    }

    @Test
    void aHoldOfTheFirstNumberOfAnUnknownAggregateHoldsIt() throws Exception {
        harness = OrderingHarness.withControl(HOLD, Backend.HEAP);
        harness.hold("a", 1);
        harness.sendAt(T0, event("a", 2));
        harness.watermark(T0 + 10 * GAP);
        assertThat(harness.output()).isEmpty();

        harness.sendAt(T0 + 1, replayed(event("a", 1), "validate", "invalid"));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L);
    }

    @Test
    void unparkReleasesAHeldAggregateBySkippingTheHeldNumber() throws Exception {
        harness = OrderingHarness.withControl(HOLD, Backend.HEAP);
        harness.sendAt(T0, event("a", 1));
        harness.hold("a", 2);
        harness.sendAt(T0 + 1, event("a", 3));
        harness.unpark("a");
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L);

        harness.sendAt(T0 + 2, event("a", 2)); // live: the number was given up on
        harness.sendAt(T0 + 3, replayed(event("a", 2), "deserialize", "malformed")); // a replay is handed on
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L, 2L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason).containsExactly("late-after-skip");
        assertThat(harness.metrics().replaysAdmitted().getCount()).isEqualTo(1);
    }

    @Test
    void aHoldAheadOfAGapStopsTheSkipAtTheHeldNumber() throws Exception {
        harness = OrderingHarness.withControl(HOLD.withMaxBufferedPerAggregate(5), Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("a", 4), event("a", 5));
        harness.hold("a", 3);
        harness.watermark(T0 + GAP);

        assertThat(harness.outputSequences("a")).as("2 skipped, held at 3").containsExactly(1L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getMessage)
                .containsExactly(tuple("gap-timeout", "sequence number 2 skipped after PT1S"));
        harness.sendAt(T0 + 2, replayed(event("a", 3), "deserialize", "malformed"));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L, 4L, 5L);
    }

    @Test
    void underTheSkipPoisonPolicyAHeldNumberIsGivenUpAtOnce() throws Exception {
        harness = OrderingHarness.withControl(HOLD.withPoisonPolicy(PoisonPolicy.SKIP), Backend.HEAP);
        harness.sendAt(T0, event("a", 1), event("a", 3));
        harness.hold("a", 2);
        assertThat(harness.outputSequences("a")).as("no wait for a gap timeout").containsExactly(1L, 3L);
        assertThat(harness.deadLetters()).isEmpty();

        harness.sendAt(T0 + 1, replayed(event("a", 2), "deserialize", "malformed"));
        assertThat(harness.outputSequences("a")).as("its replay is handed on late").containsExactly(1L, 3L, 2L);
        assertThat(harness.timers()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHoldSurvivesASnapshotAndTheTtl(Backend backend) throws Exception {
        var before = OrderingHarness.withControl(HOLD, backend);
        before.sendAt(T0, event("a", 1));
        before.hold("a", 2);
        before.sendAt(T0 + 1, event("a", 3));
        var snapshot = before.snapshot();
        before.close();

        harness = OrderingHarness.withControl(HOLD, backend, snapshot);
        harness.watermark(T0 + 10 * TTL);
        harness.sendAt(T0 + 10 * TTL, replayed(event("a", 2), "deserialize", "malformed"));
        assertThat(harness.outputSequences("a")).containsExactly(2L, 3L);
        assertThat(harness.deadLetters()).isEmpty();
    }
}
