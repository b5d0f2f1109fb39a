package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static io.eventline.common.ordering.TestEvents.withOtherContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The eventId memory split between the progress (the {@link RecentEvents#CAPACITY} newest ids) and the eventId
 * map (older ones): one memory for duplicates, conflicts and expiry, wherever an id sits; heap and RocksDB.
 */
class OrderingRecentEventsTest {

    private static final long TTL = 60_000;
    private static final OrderingConfig CONFIG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(1_000))
            .withDedupeTtl(Duration.ofMillis(TTL))
            .withJobName("test-job");
    private static final int SPILLED = 8;
    private static final long LENGTH = RecentEvents.CAPACITY + SPILLED;

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
    void idsSpilledToTheMapAndIdsInTheProgressAreOneMemory(Backend backend) throws Exception {
        harness = OrderingHarness.withControl(CONFIG, backend);
        for (long s = 1; s <= LENGTH; s++) {
            harness.send(event("a", s));
        }
        assertThat(harness.keysWith(OrderingState.APPLIED)).as("the oldest ids spilled").isEqualTo(1);
        assertThat(harness.keysWith(OrderingState.REMEMBERED_ORDER)).isEqualTo(1);

        harness.send(redelivery(event("a", 1)), redelivery(event("a", LENGTH))); // spilled, recent: duplicates
        harness.send(withOtherContent(event("a", 2)), withOtherContent(event("a", LENGTH - 1)));
        harness.send(event("a", LENGTH + 1, "a-3")); // a spilled id again at the next number
        harness.send(event("a", LENGTH + 1, "a-" + (LENGTH - 2))); // a recent id again

        assertThat(harness.outputSequences("a")).containsExactlyElementsOf(
                LongStream.rangeClosed(1, LENGTH).boxed().toList());
        assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(2);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId,
                DeadLetter::getMessage).containsExactly(
                tuple("conflict", "a-2", "eventId already applied with different content"),
                tuple("conflict", "a-" + (LENGTH - 1), "eventId already applied with different content"),
                tuple("conflict", "a-3", "eventId already applied at sequence number 3"),
                tuple("conflict", "a-" + (LENGTH - 2), "eventId already applied at sequence number " + (LENGTH - 2)));

        harness.send(event("a", LENGTH + 1)); // the memory still works for new events
        harness.setTime(TTL);
        assertThat(harness.entriesBesidesProgress()).as("state left: %s", harness.stateSummary()).isZero();
        assertThat(harness.timers()).isZero();
        harness.send(redelivery(event("a", LENGTH + 1)));
        assertThat(harness.deadLetters()).last().extracting(DeadLetter::getMessage)
                .isEqualTo("sequence number " + (LENGTH + 1) + " already applied with another eventId");
    }
}
