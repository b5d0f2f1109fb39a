package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.deadletter.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gap timeouts on the log's clock: record timestamps and watermarks decide, the wall clock does not. */
class OrderingLogClockTest {

    private static final long GAP = 1_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final OrderingConfig LOG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(GAP))
            .withDedupeTtl(Duration.ofMinutes(1));

    private OrderingHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aGapExpiresWhenTheWatermarkPassesTheWaitingEventsTimestampPlusTheGapTimeout() throws Exception {
        harness = OrderingHarness.withControl(LOG, Backend.HEAP);
        harness.sendAt(T0, event("a", 1));
        harness.sendAt(T0 + 100, event("a", 3));
        harness.setTime(100 * GAP); // the wall clock means nothing
        harness.watermark(T0 + 100 + GAP - 1);
        assertThat(harness.outputSequences("a")).containsExactly(1L);
        assertThat(harness.deadLetters()).isEmpty();

        harness.watermark(T0 + 100 + GAP);

        assertThat(harness.outputSequences("a")).containsExactly(1L, 3L);
        assertThat(harness.deadLetters())
                .extracting(DeadLetter::getReason, DeadLetter::getSequenceNumber, DeadLetter::getFailedAt)
                .containsExactly(tuple("gap-timeout", 2L, Instant.ofEpochMilli(T0 + 100 + GAP)));
    }

    /** The probe of issue 10: checkpoint while 3 waits for 2, restore 5 s later with a 1 s gap, then 2 arrives. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRestoreAfterDowntimeLongerThanTheGapTimeoutDoesNotSkip(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (OrderingHarness before = OrderingHarness.withControl(LOG, backend)) {
            before.sendAt(T0, event("a", 1));
            before.sendAt(T0 + 10, event("a", 3));
            before.watermark(T0 + 10);
            snapshot = before.snapshot();
        }
        harness = OrderingHarness.withControl(LOG, backend, snapshot);
        harness.setTime(5 * GAP);
        harness.sendAt(T0 + 20, event("a", 2));
        harness.watermark(T0 + 20 + 10 * GAP);

        assertThat(harness.outputSequences("a")).containsExactly(2L, 3L);
        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.timers()).as("the eventId expiry timer only").isEqualTo(1);
    }

    @Test
    void theProcessingClockKeepsTheOldBehaviourAndSkipsOnRestore() throws Exception {
        OrderingConfig processing = LOG.withClock(OrderingClock.PROCESSING);
        OperatorSubtaskState snapshot;
        try (OrderingHarness before = OrderingHarness.withControl(processing, Backend.HEAP)) {
            before.sendAt(T0, event("a", 1));
            before.sendAt(T0 + 10, event("a", 3));
            snapshot = before.snapshot();
        }
        harness = OrderingHarness.withControl(processing, Backend.HEAP, snapshot);
        harness.setTime(5 * GAP);
        harness.sendAt(T0 + 20, event("a", 2));

        assertThat(harness.outputSequences("a")).containsExactly(3L);
        assertThat(harness.deadLetters()).extracting(DeadLetter::getReason)
                .containsExactly("gap-timeout", "late-after-skip");
    }

    @Test
    void aBacklogReadAtAnySpeedTakesTheSameDecisions() throws Exception {
        String[] outcomes = new String[2];
        for (int run = 0; run < 2; run++) {
            try (OrderingHarness replay = OrderingHarness.withControl(LOG, Backend.HEAP)) {
                long wall = 0;
                // 2 is 900 ms of log time behind 3: within the gap. 5 never comes: 6 waits more than the gap.
                long[][] records = {{1, 0}, {3, 100}, {2, 1_000}, {4, 1_100}, {6, 1_200}, {7, 3_000}};
                for (long[] record : records) {
                    wall += run == 0 ? 1 : 10 * GAP; // live pace vs. a slow consumer
                    replay.setTime(wall);
                    replay.sendAt(T0 + record[1], event("a", record[0]));
                    replay.watermark(T0 + record[1]);
                }
                outcomes[run] = replay.outputSequences("a") + " " + replay.deadLetters().stream()
                        .map(d -> d.getReason() + "@" + d.getSequenceNumber() + "@" + d.getFailedAt()).toList();
            }
        }
        assertThat(outcomes[0]).isEqualTo("[1, 2, 3, 4, 6, 7] [gap-timeout@5@" + Instant.ofEpochMilli(T0 + 2_200)
                + "]");
        assertThat(outcomes[1]).isEqualTo(outcomes[0]);
    }

    /** Idle source: no decision without the log moving on; this operator has no wall-clock fallback. */
    @Test
    void anIdleLogHoldsTheGapOpenWhateverTheWallClock() throws Exception {
        harness = OrderingHarness.withControl(LOG, Backend.HEAP);
        harness.sendAt(T0, event("a", 2));
        harness.watermark(T0);
        harness.setTime(1_000 * GAP);
        assertThat(harness.output()).isEmpty();
        assertThat(harness.deadLetters()).isEmpty();

        harness.sendAt(T0 + GAP, event("b", 1)); // the log moves on (another aggregate)
        harness.watermark(T0 + GAP);
        assertThat(harness.outputSequences("a")).containsExactly(2L);
    }

    @Test
    void eventsWithoutATimestampFallBackToTheWallClock() throws Exception {
        harness = OrderingHarness.withControl(LOG, Backend.HEAP);
        harness.send(event("a", 2));
        harness.watermark(Long.MAX_VALUE - 1);
        assertThat(harness.output()).isEmpty();
        harness.setTime(GAP);
        assertThat(harness.outputSequences("a")).containsExactly(2L);
    }

    @Test
    void theCommandInputsWatermarkNeitherHoldsBackNorAdvancesTheClock() throws Exception {
        harness = OrderingHarness.withControl(LOG, Backend.HEAP);
        @SuppressWarnings("unchecked")
        var twoInput = (KeyedTwoInputStreamOperatorTestHarness<String, ?, OrderingCommand, ?>) harness.harness();
        harness.sendAt(T0, event("a", 2));
        twoInput.processWatermark2(new Watermark(T0 + 100 * GAP));
        assertThat(harness.output()).as("a command watermark does not advance the clock").isEmpty();

        harness.command(OrderingCommand.unpark("b"));
        twoInput.processElement2(new StreamRecord<>(OrderingCommand.unpark("c"), 1L));
        harness.watermark(T0 + GAP);
        assertThat(harness.outputSequences("a")).as("a quiet command input does not hold it back")
                .containsExactly(2L);
        assertThat(harness.harness().getOutput()).filteredOn(Watermark.class::isInstance)
                .containsExactly(new Watermark(T0 + GAP));
    }
}
