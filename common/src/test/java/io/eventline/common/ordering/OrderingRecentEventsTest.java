package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static io.eventline.common.ordering.TestEvents.withOtherContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recent window (the {@link RecentEvents#CAPACITY} newest ids in the progress): sequenced ids beyond it are
 * forgotten and their numbers dedupe them; unsequenced ones spill to the eventId map (one memory for duplicates,
 * conflicts and expiry, wherever an id sits); heap and RocksDB.
 */
class OrderingRecentEventsTest {

    private static final long TTL = 60_000;
    private static final OrderingConfig CONFIG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(1_000))
            .withDedupeTtl(Duration.ofMillis(TTL))
            .withJobName("test-job");
    private static final int SPILLED = 8;
    private static final long LENGTH = RecentEvents.CAPACITY + SPILLED;
    private static final EnvelopeAccessor ACCESSOR = new EnvelopeAccessor();

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void anAggregateWithFewEventsKeepsItsEventIdsInTheProgressAlone() throws Exception {
        harness = OrderingHarness.withControl(CONFIG, Backend.ROCKSDB);
        for (long s = 1; s <= RecentEvents.CAPACITY; s++) {
            harness.send(event("a", s));
        }
        harness.send(redelivery(event("a", 1)));
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);
        assertThat(harness.stateSummary()).as("one state entry per aggregate").containsEntry(OrderingState.PROGRESS, 1);
        assertThat(harness.keyedStateEntries()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sequencedIdsBeyondTheWindowAreForgottenAndTheirNumbersDedupe(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG, backend);
        for (long s = 1; s <= LENGTH; s++) {
            harness.send(event("a", s));
        }
        assertThat(harness.keysWith(OrderingState.APPLIED)).as("nothing spilled: the progress alone").isZero();
        assertThat(harness.keysWith(OrderingState.REMEMBERED_ORDER)).isZero();
        assertThat(harness.stateSummary()).containsEntry(OrderingState.PROGRESS, 1);

        harness.send(redelivery(event("a", 1)), redelivery(event("a", LENGTH))); // beyond, inside the window
        harness.send(withOtherContent(event("a", 2)), withOtherContent(event("a", LENGTH - 1)));
        harness.send(event("a", LENGTH + 1, "a-3")); // an id beyond the window again, at the next number
        harness.send(event("a", LENGTH + 2, "a-" + (LENGTH - 2))); // an id inside the window again

        assertThat(harness.outputSequences("a")).as("a-3 at %s is new as far as the window knows", LENGTH + 1)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, LENGTH + 1).boxed().toList());
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(3);
        assertThat(harness.metrics().duplicatesBeyondWindow().getCount()).as("numbers 1 and 2").isEqualTo(2);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId,
                DeadLetter::getMessage).containsExactly(
                tuple("conflict", "a-" + (LENGTH - 1), "eventId already applied with different content"),
                tuple("conflict", "a-" + (LENGTH - 2), "eventId already applied at sequence number " + (LENGTH - 2)));

        harness.send(event("a", LENGTH + 2)); // the memory still works for new events
        harness.send(event("a", LENGTH - 4, "other")); // inside the window's numbers, under another eventId
        assertThat(harness.deadLetters()).last().extracting(DeadLetter::getMessage)
                .isEqualTo("sequence number " + (LENGTH - 4) + " already applied with another eventId");
        harness.setTime(TTL);
        assertThat(harness.entriesBesidesProgress()).as("state left: %s", harness.stateSummary()).isZero();
        assertThat(harness.timers()).isZero();
        harness.send(redelivery(event("a", LENGTH + 2)));
        assertThat(harness.metrics().duplicatesBeyondWindow().getCount()).as("expired: by its number").isEqualTo(3);
        assertThat(harness.outputSequences("a")).hasSize((int) LENGTH + 2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unsequencedIdsBeyondTheWindowSpillToTheMapAndStayOneMemory(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG.withAllowUnsequenced(true), backend);
        for (long i = 1; i <= LENGTH; i++) {
            harness.send(event("a", null, "u-" + i));
        }
        assertThat(harness.keysWith(OrderingState.APPLIED)).as("the oldest ids spilled").isEqualTo(1);
        harness.send(redelivery(event("a", null, "u-1")), redelivery(event("a", null, "u-" + LENGTH)));
        harness.send(withOtherContent(event("a", null, "u-2")));
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(2);
        assertThat(harness.metrics().duplicatesBeyondWindow().getCount()).isZero();
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                .containsExactly(tuple("conflict", "u-2"));
        harness.setTime(TTL);
        assertThat(harness.entriesBesidesProgress()).as("state left: %s", harness.stateSummary()).isZero();
        assertThat(harness.timers()).isZero();
    }

    /** Progress as the 32-id layout before the window leaves it: trimmed to the window on its next event. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void progressRestoredWithThirtyTwoRecentIdsShrinksToTheWindow(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG, backend);
        AggregateProgress restored = restoredExpecting(33);
        for (long s = 1; s <= 32; s++) {
            restored.recent().add("a-" + s, new AppliedEvent(s, fingerprint(s), 0));
        }
        harness.setProgress("a", restored);

        harness.send(event("a", 33));
        assertThat(harness.progress("a").recent().size()).isEqualTo(RecentEvents.CAPACITY);
        harness.send(redelivery(event("a", 30)), withOtherContent(event("a", 31)), redelivery(event("a", 3)));
        assertThat(harness.outputSequences("a")).containsExactly(33L);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(2);
        assertThat(harness.metrics().duplicatesBeyondWindow().getCount()).as("3: below the window").isEqualTo(1);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                .containsExactly(tuple("conflict", "a-31"));
    }

    /** Sequenced ids are kept as digests only; a copy and a conflict are still told apart through them. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void sequencedIdsAreKeptAsDigestsNotStrings(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG.withAllowUnsequenced(true), backend);
        harness.send(event("a", 1), event("a", 2), event("a", null, "u-1"));

        RecentEvents recent = harness.progress("a").recent();
        assertThat(recent.ids).containsExactly(null, null, "u-1");
        assertThat(recent.idHashes).containsExactly(RecentEvents.digest("a-1"), RecentEvents.digest("a-2"),
                RecentEvents.digest("u-1"));
        harness.send(redelivery(event("a", 2)), withOtherContent(event("a", 1)), event("a", 3L, "a-1"));
        assertThat(harness.outputSequences("a")).containsExactly(1L, 2L, null);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getMessage).containsExactly(
                tuple("conflict", "eventId already applied with different content"),
                tuple("conflict", "eventId already applied at sequence number 1"));
    }

    /** Progress written before the digests (every id a string, no digests) is read as it was, digested on use. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void progressRestoredWithoutDigestsStillTellsCopiesFromConflicts(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG, backend);
        AggregateProgress restored = restoredExpecting(4);
        RecentEvents legacy = restored.recent();
        legacy.ids = new String[] {"a-1", "a-2", "a-3"};
        legacy.sequences = new long[] {1, 2, 3};
        legacy.fingerprints = LongStream.rangeClosed(1, 3).map(OrderingRecentEventsTest::fingerprint).toArray();
        legacy.appliedAt = new long[3];
        harness.setProgress("a", restored);

        harness.send(redelivery(event("a", 3)), withOtherContent(event("a", 2)), event("a", 4));
        assertThat(harness.outputSequences("a")).containsExactly(4L);
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                .containsExactly(tuple("conflict", "a-2"));
        RecentEvents after = harness.progress("a").recent();
        assertThat(after.sequences).containsExactly(1L, 2L, 3L, 4L);
        assertThat(after.ids).as("old strings stay until they leave the window").containsExactly("a-1", "a-2", "a-3", null);
        assertThat(after.idHashes).hasSize(4);
    }

    /** Progress as a savepoint could hold it, before its recent ids are filled in. */
    private static AggregateProgress restoredExpecting(long nextExpected) {
        AggregateProgress restored = AggregateProgress.fresh();
        restored.nextExpected = nextExpected;
        return restored;
    }

    private static long fingerprint(long sequence) {
        return ACCESSOR.fingerprint(event("a", sequence));
    }
}
