package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replayed events (envelope {@code replay} set by the deserializer from the replay headers) at the ordering stage. */
class OrderingReplayTest {

    private static final long GAP_TIMEOUT = 1_000;
    private static final OrderingConfig SKIP = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(GAP_TIMEOUT))
            .withDedupeTtl(Duration.ofMinutes(1))
            .withJobName("test-job");
    private static final OrderingConfig PARK = SKIP.withGapPolicy(GapPolicy.PARK);

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static EventEnvelope replayed(EventEnvelope event, String stage, String reason) {
        return EventEnvelope.newBuilder(event)
                .setReplay(new ReplayInfo("orders.dlq:0:7", stage, reason, 2))
                .build();
    }

    @Test
    void aReplayHasTheFingerprintOfTheOriginal() {
        EnvelopeAccessor accessor = new EnvelopeAccessor();
        EventEnvelope original = event("a", 1);
        assertThat(accessor.fingerprint(replayed(original, "project", "unknown-aggregate")))
                .isEqualTo(accessor.fingerprint(original));
        assertThat(accessor.fingerprint(TestEvents.withOtherContent(original)))
                .isNotEqualTo(accessor.fingerprint(original));
    }

    @Test
    void passesAReplayFromTheProjectStageOnEvenThoughItWasApplied() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1), event("a", 2));
        harness.send(replayed(event("a", 2), "project", "illegal-transition"));

        assertThat(harness.output()).extracting(EventEnvelope::getEventId, e -> e.getReplay() != null)
                .containsExactly(tuple("a-1", false), tuple("a-2", false), tuple("a-2", true));
        assertThat(harness.metrics().replaysAdmitted().getCount()).isEqualTo(1);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isZero();
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void dropsAReplayFromTheOrderStageOfAnAppliedEventAsADuplicate() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1));
        harness.send(replayed(event("a", 1), "order", "late-after-skip"));
        harness.send(replayed(event("a", 1), "deserialize", "registry-unavailable"));

        assertThat(harness.outputSequences("a")).containsExactly(1L);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(2);
        assertThat(harness.metrics().replaysAdmitted().getCount()).isZero();
    }

    @Test
    void admitsAReplayedLateEventOnceWhenItsGapWasSkipped() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 2), event("a", 3));
        harness.setTime(GAP_TIMEOUT);
        assertThat(harness.outputSequences("a")).containsExactly(2L, 3L);

        harness.send(event("a", 1)); // the live late arrival: dead letter, as before
        harness.send(replayed(event("a", 1), "order", "late-after-skip"));
        harness.send(replayed(event("a", 1), "order", "late-after-skip"));

        assertThat(harness.outputSequences("a")).containsExactly(2L, 3L, 1L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("gap-timeout", 1L), tuple("late-after-skip", 1L));
        assertThat(harness.metrics().replaysAdmitted().getCount()).isEqualTo(1);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);

        // Later events continue after the released run, unaffected.
        harness.send(event("a", 4));
        assertThat(harness.outputSequences("a")).containsExactly(2L, 3L, 1L, 4L);
    }

    @Test
    void aReplayedConflictIsDeadLetteredAgainWithItsAttempt() throws Exception {
        harness = OrderingHarness.withControl(SKIP, Backend.HEAP);
        harness.send(event("a", 1));
        harness.send(replayed(event("a", 1L, "other-id"), "order", "conflict"));

        assertThat(harness.outputSequences("a")).containsExactly(1L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getAttempt)
                .containsExactly(tuple("conflict", 2));
    }

    @Test
    void aReplayOfTheMissingEventResumesAParkedAggregateWithoutUnpark() throws Exception {
        harness = OrderingHarness.withControl(PARK, Backend.HEAP);
        harness.send(event("a", 1), event("a", 3));
        harness.setTime(GAP_TIMEOUT);
        harness.send(event("a", 2), event("a", 4)); // parked: both dead-lettered

        harness.send(replayed(event("a", 2), "order", "parked"));
        harness.send(replayed(event("a", 4), "order", "parked"));

        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber)
                .containsExactly(tuple("gap-timeout", 2L), tuple("parked", 2L), tuple("parked", 4L));
        harness.send(event("a", 5));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(harness.metrics().eventsBuffered()).isZero();
    }

    @Test
    void replaysBeforeOrAfterTheUnparkGiveTheSameResult() throws Exception {
        for (boolean unparkFirst : new boolean[] {true, false}) {
            harness = OrderingHarness.withControl(PARK, Backend.HEAP);
            harness.send(event("a", 1), event("a", 3));
            harness.setTime(GAP_TIMEOUT);
            harness.send(event("a", 4), event("a", 5)); // parked; 2 never comes
            if (unparkFirst) {
                harness.unpark("a");
            }
            harness.send(replayed(event("a", 4), "order", "parked"), replayed(event("a", 5), "order", "parked"));
            if (!unparkFirst) {
                harness.unpark("a");
            }
            assertThat(harness.outputSequences("a")).as("unpark first: " + unparkFirst)
                    .containsExactly(1L, 3L, 4L, 5L);
            assertThat(harness.deadLetters()).extracting(DeadLetter::getReason)
                    .containsExactly("gap-timeout", "parked", "parked");
            harness.close();
            harness = null;
        }
    }
}
