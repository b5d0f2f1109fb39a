package io.eventline.common.ordering;

import io.eventline.contracts.OrderingReasons;
import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static io.eventline.common.ordering.TestEvents.withOtherContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scenarios of the ordering operator with its control input, on the heap. */
class OrderingFunctionTest {

    private static final long GAP_TIMEOUT = 1_000;
    private static final long TTL = 60_000;
    private static final OrderingConfig SKIP = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(GAP_TIMEOUT))
            .withDedupeTtl(Duration.ofMillis(TTL))
            .withMaxBufferedPerAggregate(3)
            .withJobName("test-job");
    private static final OrderingConfig PARK = SKIP.withGapPolicy(GapPolicy.PARK);

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void releasesBufferedRunWhenTheGapCloses() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 3), event("a", 2));
        assertThat(harness.output()).isEmpty();
        assertThat(harness.metrics().eventsBuffered()).isEqualTo(2);
        assertThat(harness.timers()).as("gap timer; no cleanup timer while no eventId is remembered").isEqualTo(1);

        harness.send(event("a", 1));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L);
        assertThat(harness.metrics().eventsBuffered()).isZero();
        assertThat(harness.timers()).as("gap timer deleted, cleanup timer left").isEqualTo(1);
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void keepsACopyOfAWaitingEventWhenTheRuntimeReusesInputObjects() throws Exception {
        harness = OrderingHarness.withObjectReuse(SKIP);
        EventEnvelope reused = event("a", 2);
        harness.send(reused);
        reused.setEventId("overwritten");
        reused.setSequenceNumber(9L);
        harness.send(event("a", 1));

        assertThat(harness.output()).extracting(EventEnvelope::getEventId).containsExactly("a-1", "a-2");
        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L);
    }

    @Test
    void dropsAndCountsDuplicatesOfAppliedAndOfWaitingEvents() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        EventEnvelope first = event("a", 1);
        EventEnvelope third = event("a", 3);
        harness.send(first, third, redelivery(first), redelivery(third), event("a", 2), redelivery(third));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(3);
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void deadLettersSameSequenceWithAnotherEventId() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3), event("a", 1L, "other-1"), event("a", 3L, "other-3"));
        harness.send(event("a", 2));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L);
        assertThat(harness.output()).extracting(EventEnvelope::getEventId).containsExactly("a-1", "a-2", "a-3");
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("conflict", "other-1", 1L), tuple("conflict", "other-3", 3L));
        assertThat(harness.deadLetters()).extracting(DeadLetter::getMessage).containsExactly(
                "sequence number 1 already applied with another eventId",
                "sequence number 3 already waits with another eventId");
        assertThat(harness.metrics().conflicts().getCount()).isEqualTo(2);
        assertThat(harness.metrics().deadLetters(OrderingReasons.CONFLICT).getCount()).isEqualTo(2);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isZero();
    }

    @Test
    void deadLettersSameEventIdWithOtherContentOrAnotherSequence() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        EventEnvelope first = event("a", 1);
        EventEnvelope third = event("a", 3);
        harness.send(first, third, withOtherContent(first), withOtherContent(third), event("a", 2L, "a-1"));

        assertThat(harness.outputSequences("a")).containsExactly(1L);
        List<DeadLetter> letters = harness.deadLetters();
        assertThat(letters)
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("conflict", "a-1", 1L), tuple("conflict", "a-3", 3L),
                        tuple("conflict", "a-1", 2L));
        assertThat(letters.get(0).getMessage()).isEqualTo("eventId already applied with different content");
        assertThat(letters.get(1).getMessage()).isEqualTo("eventId already waits with different content");
        assertThat(letters.get(2).getMessage()).isEqualTo("eventId already applied at sequence number 1");
        // The conflicting copy is what the dead letter carries, decodable for a replay.
        assertThat(EventEnvelope.fromByteBuffer(letters.get(0).getValue())).isEqualTo(withOtherContent(first));
        assertThat(harness.metrics().conflicts().getCount()).isEqualTo(3);
    }

    @Test
    void aWaitingCopyOfAnEventIdAppliedMeanwhileIsAConflictAndItsNumberIsPassed() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3L, "x"), event("a", 4), event("a", 2L, "x"));

        assertThat(harness.output()).extracting(EventEnvelope::getEventId).containsExactly("a-1", "x", "a-4");
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getSequenceNumber,
                        DeadLetter::getMessage)
                .containsExactly(tuple("conflict", "x", 3L, "eventId already applied at sequence number 2"));
        assertThat(harness.metrics().eventsBuffered()).isZero();
    }

    @Test
    void deadLetterCarriesTheContractFields() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.setTime(5_000);
        harness.send(event("a", 1), event("a", 1L, "other"));

        DeadLetter letter = harness.deadLetters().get(0);
        assertThat(letter.getStage()).isEqualTo("order");
        assertThat(letter.getReason()).isEqualTo("conflict");
        assertThat(letter.getJobName()).isEqualTo("test-job");
        assertThat(letter.getAggregateId()).isEqualTo("a");
        assertThat(letter.getEventId()).isEqualTo("other");
        assertThat(letter.getEventType()).isEqualTo("OrderDelivered");
        assertThat(letter.getSequenceNumber()).isEqualTo(1L);
        assertThat(letter.getFailedAt()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(EventEnvelope.fromByteBuffer(letter.getValue())).isEqualTo(event("a", 1L, "other"));
    }

    @Test
    void skipReleasesTheWaitingRunAndNamesTheMissingNumbers() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 4), event("a", 5), event("a", 7));
        harness.setTime(GAP_TIMEOUT - 1);
        assertThat(harness.outputSequences("a")).containsExactly(1L);

        harness.setTime(GAP_TIMEOUT);

        assertThat(harness.outputSequences("a")).containsExactly(1L, 4L, 5L);
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getAggregateId, DeadLetter::getSequenceNumber,
                        DeadLetter::getMessage)
                .containsExactly(tuple("gap-timeout", "a", 2L, "sequence numbers 2..3 skipped after PT1S"));
        assertThat(harness.metrics().gapsTimedOut().getCount()).isEqualTo(1);

        // The next gap (6) gets its own full timeout from the moment the head moved.
        harness.setTime(2 * GAP_TIMEOUT - 1);
        assertThat(harness.outputSequences("a")).containsExactly(1L, 4L, 5L);
        harness.setTime(2 * GAP_TIMEOUT);
        assertThat(harness.outputSequences("a")).containsExactly(1L, 4L, 5L, 7L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getMessage)
                .containsExactly("sequence numbers 2..3 skipped after PT1S", "sequence number 6 skipped after PT1S");
        assertThat(harness.metrics().gapsTimedOut().getCount()).isEqualTo(2);
        assertThat(harness.metrics().eventsBuffered()).isZero();
    }

    @Test
    void missingEventArrivingAfterSkipIsDeadLetteredAsLate() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3));
        harness.setTime(GAP_TIMEOUT);
        harness.send(event("a", 2), event("a", 4));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L, 4L);
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("gap-timeout", null, 2L), tuple("late-after-skip", "a-2", 2L));
        assertThat(harness.metrics().deadLetters(OrderingReasons.LATE_AFTER_SKIP).getCount()).isEqualTo(1);
        assertThat(harness.metrics().conflicts().getCount()).isZero();
    }

    @Test
    void parkStopsTheAggregateUntilUnparkSkipsTheGapAndReleasesTheWaitingEvents() throws Exception {
        harness = OrderingHarness.withControl(PARK, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3), event("a", 4), event("b", 1));
        harness.setTime(GAP_TIMEOUT);

        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getAggregateId, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("gap-timeout", "a", 2L));
        assertThat(harness.deadLetters().get(0).getMessage()).isEqualTo(
                "aggregate parked: sequence number 2 missing after PT1S; UNPARK skips the gap and releases the 2"
                        + " waiting events");

        // Parked: even the missing event and redeliveries go to the DLQ; other aggregates are unaffected.
        harness.send(event("a", 2), event("a", 5), event("b", 2));
        assertThat(harness.outputSequences("a")).containsExactly(1L);
        assertThat(harness.outputSequences("b")).containsExactly(1L, 2L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                .containsExactly(tuple("gap-timeout", null), tuple("parked", "a-2"), tuple("parked", "a-5"));
        assertThat(harness.metrics().deadLetters(OrderingReasons.PARKED).getCount()).isEqualTo(2);
        assertThat(harness.metrics().eventsBuffered()).isEqualTo(2);

        harness.unpark("a");
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L, 4L);
        assertThat(harness.metrics().eventsBuffered()).isZero();

        // Replaying the parked dead letters after UNPARK: 5 continues the run, the skipped 2 is late.
        harness.send(event("a", 5), event("a", 2), event("a", 6));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L, 4L, 5L, 6L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason).containsExactly(
                "gap-timeout", "parked", "parked", "late-after-skip");
        assertThat(harness.metrics().gapsTimedOut().getCount()).isEqualTo(1);
    }

    @Test
    void unparkOfAnActiveOrUnknownAggregateChangesNothing() throws Exception {
        harness = OrderingHarness.withControl(PARK, Backend.HEAP);
        harness.unpark("unknown");
        assertThat(harness.keyedStateEntries()).isZero();
        assertThat(harness.timers()).isZero();

        harness.send(event("a", 1), event("a", 3));
        harness.unpark("a");
        assertThat(harness.outputSequences("a")).containsExactly(1L);
        harness.send(event("a", 2));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L);
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void deadLettersOverflowBeyondTheBufferBound() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3), event("a", 4), event("a", 5), event("a", 6), event("b", 3));
        assertThat(harness.metrics().eventsBuffered()).isEqualTo(4);

        harness.send(event("a", 2));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getMessage)
                .containsExactly(tuple("buffer-overflow", "a-6", "3 events already wait for sequence number 2"));
        assertThat(harness.metrics().deadLetters(OrderingReasons.BUFFER_OVERFLOW).getCount()).isEqualTo(1);
        assertThat(harness.metrics().eventsBuffered()).as("b-3 still waits").isEqualTo(1);
    }

    @Test
    void unsequencedEventsAreDeduplicatedByEventIdWhereAllowed() throws Exception {
        harness = OrderingHarness.withControl(SKIP.withAllowUnsequenced(true), Backend.HEAP);
        EventEnvelope integration = event("a", null, "int-1");
        harness.send(integration, redelivery(integration), withOtherContent(integration), event("a", 1));

        assertThat(harness.output()).extracting(EventEnvelope::getEventId).containsExactly("int-1", "a-1");
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                .containsExactly(tuple("conflict", "int-1"));
    }

    @Test
    void unsequencedEventsAreDeadLetteredWhereNotAllowed() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", null, "int-1"), event("a", 0L, "zero"));

        assertThat(harness.output()).isEmpty();
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getEventId, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("missing-sequence", "int-1", null), tuple("invalid-sequence", "zero", 0L));
        assertThat(harness.metrics().deadLetters(OrderingReasons.MISSING_SEQUENCE).getCount()).isEqualTo(1);
    }

    @Test
    void forgetsEventIdsAfterTheTtlWhileTheAggregateStaysActive() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        EventEnvelope first = event("a", 1);
        harness.send(first);
        harness.setTime(TTL / 2);
        EventEnvelope second = event("a", 2);
        harness.send(second);

        harness.setTime(TTL);
        // Within its TTL a redelivery is compared by eventId and content; past it, only its number is known: an
        // applied number below the recent window is a copy, dropped (issue 12: dedupe by sequence number).
        harness.send(redelivery(second), redelivery(first));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(2);
        assertThat(harness.metrics().duplicatesBeyondWindow().getCount()).isEqualTo(1);
        assertThat(harness.deadLetters()).isEmpty();
        // a-2 is remembered among the recent eventIds inside the progress (RecentEvents): one entry, no map
        assertThat(harness.keyedStateEntries()).as("progress holding eventId a-2").isEqualTo(1);

        harness.setTime(2 * TTL);
        assertThat(harness.entriesBesidesProgress()).isZero();
        assertThat(harness.keysWith(OrderingState.PROGRESS)).isEqualTo(1);
        assertThat(harness.timers()).isZero();
    }

    @Test
    void leavesOnlyTheProgressAndNoTimersAfterSkipsAndUnparksOnceTheTtlHasPassed() throws Exception {
        harness = OrderingHarness.withControl(PARK, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3), event("b", 2));
        harness.setTime(GAP_TIMEOUT);
        harness.unpark("a");
        harness.unpark("b");
        harness.send(event("a", 2), event("b", 3));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L);
        assertThat(harness.outputSequences("b")).containsExactly(2L, 3L);

        harness.setTime(GAP_TIMEOUT + TTL - 1);
        assertThat(harness.entriesBesidesProgress()).isPositive();
        harness.setTime(GAP_TIMEOUT + TTL);
        assertThat(harness.entriesBesidesProgress()).isZero();
        assertThat(harness.timers()).isZero();
    }

    @Test
    void aParkedAggregateKeepsItsStateBeyondTheTtl() throws Exception {
        harness = OrderingHarness.withControl(PARK, Backend.HEAP);
        harness.send(event("a", 2));
        harness.setTime(GAP_TIMEOUT);
        harness.setTime(10 * TTL);
        assertThat(harness.keyedStateEntries()).as("progress + waiting event").isEqualTo(2);

        harness.unpark("a");
        assertThat(harness.outputSequences("a")).containsExactly(2L);
        harness.setTime(11 * TTL);
        assertThat(harness.entriesBesidesProgress()).isZero();
        assertThat(harness.timers()).isZero();
    }
}
