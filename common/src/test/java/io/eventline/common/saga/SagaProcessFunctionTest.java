package io.eventline.common.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * The saga operator step by step on a three-step definition (a, b with compensations; c without): exact
 * commands with their ids, attempts and send times, exact instance rows and outcomes, and no state or timer
 * left once a saga's retention is over.
 */
class SagaProcessFunctionTest {

    static final long RETENTION = 60_000;
    static final RetryPolicy RETRY = RetryPolicy.exponential(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2);

    static SagaDefinition definition(boolean compensateBOnTimeout) {
        return new SagaDefinition("test-saga", List.of(
                SagaStep.named("a").sends("DoA", "topic-a").advancesOn("ADone").failsOn("ARejected")
                        .compensatedWith("UndoA", "AUndone").timeout(Duration.ofSeconds(1)).retry(RETRY).build(),
                SagaStep.named("b").sends("DoB", "topic-b").advancesOn("BDone").failsOn("BFailed")
                        .compensatedWith("UndoB", "BUndone").timeout(Duration.ofSeconds(1)).retry(RETRY)
                        .compensateOnTimeout(compensateBOnTimeout).build(),
                SagaStep.named("c").sends("DoC", "topic-c").advancesOn("CDone").failsOn("CFailed")
                        .timeout(Duration.ofSeconds(1)).build()),
                Duration.ofMillis(500), RetryPolicy.exponential(2, Duration.ofMillis(50), 2.0, Duration.ofSeconds(1), 0.0),
                Duration.ofMillis(RETENTION));
    }

    static SagaInput start(String id) {
        return SagaInput.start(id, "start-" + id, ("data of " + id).getBytes(StandardCharsets.UTF_8));
    }

    static SagaInput reply(String saga, String replyId, String step, String type) {
        return SagaInput.reply(saga, replyId, saga + "/" + step, step, type, null);
    }

    static SagaInput failure(String saga, String replyId, String step, String type, String reason) {
        return SagaInput.reply(saga, replyId, saga + "/" + step, step, type, reason);
    }

    static SagaInput undone(String saga, String replyId, String step, String type) {
        return SagaInput.reply(saga, replyId, saga + "/" + step + "/compensate", step, type, null);
    }

    @Test
    void allStepsSucceedThenTheStateAndTimerAreGoneAfterRetention() throws Exception {
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(1_000);
            h.send(start("s1"));
            h.at(1_100);
            h.send(reply("s1", "r1", "a", "ADone"));
            h.at(1_200);
            h.send(reply("s1", "r2", "b", "BDone"));
            h.at(1_300);
            h.send(reply("s1", "r3", "c", "CDone"));
            assertThat(h.takeCommands()).containsExactly(
                    "DoA s1/a #1 @1000", "DoB s1/b #1 @1100", "DoC s1/c #1 @1200");
            assertThat(h.instances()).extracting(SagaInstance::toString).containsExactly(
                    "s1 v1 RUNNING step=a attempts=1 compensation=0/0",
                    "s1 v2 RUNNING step=b attempts=1 compensation=0/0",
                    "s1 v3 RUNNING step=c attempts=1 compensation=0/0",
                    "s1 v4 COMPLETED step=null attempts=0 compensation=0/0");
            assertThat(h.lastInstance("s1").deadline).isZero();
            assertThat(h.outcomes()).containsExactly("s1 COMPLETED");
            // A duplicate of a reply, and a late one with another id, change nothing while the marker is kept.
            h.send(reply("s1", "r3", "c", "CDone"));
            h.send(reply("s1", "r9", "a", "ADone"));
            assertThat(h.takeCommands()).isEmpty();
            assertThat(h.instances()).hasSize(4);
            assertThat(h.timers()).isEqualTo(1);

            h.at(1_300 + RETENTION);
            assertThat(h.stateEntries()).isZero();
            assertThat(h.timers()).isZero();
        }
    }

    @Test
    void aFailureAtEachStepCompensatesTheCompletedStepsInReverseOrder() throws Exception {
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(0);
            // fails at a: nothing to undo
            h.send(start("fa"));
            h.send(failure("fa", "x1", "a", "ARejected", "out of stock"));
            // fails at b: undo a
            h.send(start("fb"));
            h.send(reply("fb", "y1", "a", "ADone"));
            h.send(failure("fb", "y2", "b", "BFailed", "card declined"));
            h.send(undone("fb", "y3", "a", "AUndone"));
            // fails at c: undo b, then a
            h.send(start("fc"));
            h.send(reply("fc", "z1", "a", "ADone"));
            h.send(reply("fc", "z2", "b", "BDone"));
            h.send(failure("fc", "z3", "c", "CFailed", "no carrier"));
            assertThat(h.lastInstance("fc").toString())
                    .isEqualTo("fc v4 COMPENSATING step=b attempts=1 compensation=0/2 error=c: CFailed (no carrier)");
            h.send(undone("fc", "z4", "b", "BUndone"));
            h.send(undone("fc", "z5", "a", "AUndone"));

            assertThat(h.takeCommands()).containsExactly(
                    "DoA fa/a #1 @0",
                    "DoA fb/a #1 @0", "DoB fb/b #1 @0", "UndoA fb/a/compensate #1 @0",
                    "DoA fc/a #1 @0", "DoB fc/b #1 @0", "DoC fc/c #1 @0",
                    "UndoB fc/b/compensate #1 @0", "UndoA fc/a/compensate #1 @0");
            assertThat(h.lastInstance("fa").toString())
                    .isEqualTo("fa v2 COMPENSATED step=null attempts=0 compensation=0/0 error=a: ARejected (out of stock)");
            assertThat(h.lastInstance("fb").toString())
                    .isEqualTo("fb v4 COMPENSATED step=null attempts=0 compensation=1/1 error=b: BFailed (card declined)");
            assertThat(h.lastInstance("fc").toString())
                    .isEqualTo("fc v6 COMPENSATED step=null attempts=0 compensation=2/2 error=c: CFailed (no carrier)");
            assertThat(h.outcomes()).containsExactly(
                    "fa COMPENSATED (a: ARejected (out of stock))",
                    "fb COMPENSATED (b: BFailed (card declined))",
                    "fc COMPENSATED (c: CFailed (no carrier))");
            h.at(RETENTION);
            assertThat(h.stateEntries()).isZero();
            assertThat(h.timers()).isZero();
        }
    }

    @Test
    void aParticipantThatNeverAnswersGetsRetriesWithBackoffThenTheStepIsCompensatedToo() throws Exception {
        RetryPolicy retry = RETRY;
        long backoff2 = retry.backoffMillis("t", 2);
        long backoff3 = retry.backoffMillis("t", 3);
        // 100 ms and 200 ms, each within ±20 % jitter
        assertThat(backoff2).isBetween(80L, 120L);
        assertThat(backoff3).isBetween(160L, 240L);
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(0);
            h.send(start("t"));
            h.send(reply("t", "r1", "a", "ADone"));
            assertThat(h.takeCommands()).containsExactly("DoA t/a #1 @0", "DoB t/b #1 @0");
            h.at(1_000); // b's deadline: wait backoff2, then send again
            assertThat(h.takeCommands()).isEmpty();
            assertThat(h.lastInstance("t").deadline).isEqualTo(1_000 + backoff2 + 1_000);
            h.at(1_000 + backoff2);
            long second = 1_000 + backoff2;
            assertThat(h.takeCommands()).containsExactly("DoB t/b #2 @" + second);
            h.at(second + 1_000);
            h.at(second + 1_000 + backoff3);
            long third = second + 1_000 + backoff3;
            assertThat(h.takeCommands()).containsExactly("DoB t/b #3 @" + third);
            h.at(third + 1_000); // the last attempt timed out: undo b (it may have been applied), then a
            assertThat(h.takeCommands()).containsExactly("UndoB t/b/compensate #1 @" + (third + 1_000));
            assertThat(h.lastInstance("t").toString())
                    .isEqualTo("t v7 COMPENSATING step=b attempts=1 compensation=0/2 error=b timed out after 3 attempts");
            h.send(undone("t", "r2", "b", "BUndone"));
            h.send(undone("t", "r3", "a", "AUndone"));
            assertThat(h.takeCommands()).containsExactly("UndoA t/a/compensate #1 @" + (third + 1_000));
            assertThat(h.lastInstance("t").status).isEqualTo("COMPENSATED");
            // the late reply of b after its compensation was sent: nothing more to do
            h.send(reply("t", "r4", "b", "BDone"));
            assertThat(h.takeCommands()).isEmpty();
            h.at(third + 1_000 + RETENTION);
            assertThat(h.stateEntries()).isZero();
            assertThat(h.timers()).isZero();
        }
    }

    @Test
    void aSuccessReplyAfterTheSagaCompensatedTriggersItsOwnCompensation() throws Exception {
        try (SagaHarness h = new SagaHarness(definition(false), null)) {
            h.at(0);
            h.send(start("late"));
            h.send(reply("late", "r1", "a", "ADone"));
            for (int attempt = 1; attempt <= 3; attempt++) { // b never answers: three attempts time out
                h.at(h.lastInstance("late").deadline - 1_000); // the backoff is over: attempt sent
                h.at(h.lastInstance("late").deadline);
            }
            h.send(undone("late", "r2", "a", "AUndone"));
            assertThat(h.lastInstance("late").toString()).isEqualTo(
                    "late v8 COMPENSATED step=null attempts=0 compensation=1/1 error=b timed out after 3 attempts");
            h.takeCommands();
            long now = h.harness.getProcessingTime();
            // b's reply arrives after all: b was applied, so it is undone as well
            h.send(reply("late", "r3", "b", "BDone"));
            assertThat(h.takeCommands()).containsExactly("UndoB late/b/compensate #1 @" + now);
            assertThat(h.lastInstance("late").toString()).isEqualTo(
                    "late v9 COMPENSATING step=b attempts=1 compensation=1/2 error=b timed out after 3 attempts");
            h.send(undone("late", "r4", "b", "BUndone"));
            assertThat(h.lastInstance("late").status).isEqualTo("COMPENSATED");
            assertThat(h.outcomes()).containsExactly("late COMPENSATED (b timed out after 3 attempts)");
            h.at(now + RETENTION);
            assertThat(h.stateEntries()).isZero();
            assertThat(h.timers()).isZero();
        }
    }

    @Test
    void duplicateAndReorderedRepliesApplyOnce() throws Exception {
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(0);
            h.send(start("d"));
            h.send(start("d")); // a duplicate start
            h.send(reply("d", "r1", "a", "ADone"));
            h.send(reply("d", "r1", "a", "ADone"));
            h.send(reply("d", "r1b", "a", "ADone")); // the participant answered twice with two ids
            // c's reply before b's (impossible in order, possible with a stray copy): ignored
            h.send(reply("d", "r3", "c", "CDone"));
            h.send(reply("d", "r2", "b", "BDone"));
            h.send(reply("d", "r2", "b", "BDone"));
            h.send(reply("d", "r4", "c", "CDone"));
            assertThat(h.takeCommands()).containsExactly("DoA d/a #1 @0", "DoB d/b #1 @0", "DoC d/c #1 @0");
            assertThat(h.lastInstance("d").toString()).isEqualTo("d v4 COMPLETED step=null attempts=0 compensation=0/0");
        }
    }

    @Test
    void anOverdueCompensationMarksTheSagaStuckAndIsRetriedUntilItIsAcknowledged() throws Exception {
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(0);
            h.send(start("k"));
            h.send(reply("k", "r1", "a", "ADone"));
            h.send(failure("k", "r2", "b", "BFailed", "declined"));
            h.at(500);
            h.at(550);
            h.at(1_050); // the second (last) attempt's deadline: overdue
            assertThat(h.takeCommands()).containsExactly(
                    "DoA k/a #1 @0", "DoB k/b #1 @0", "UndoA k/a/compensate #1 @0", "UndoA k/a/compensate #2 @550");
            assertThat(h.lastInstance("k").toString()).isEqualTo(
                    "k v6 STUCK step=a attempts=3 compensation=0/1 error=compensation of a overdue after 2 attempts");
            assertThat(h.outcomes()).isEmpty();
            // still retried, with the compensation policy's backoff (50 ms doubling, capped at 1 s)
            long third = 1_050 + 100;
            h.at(third);
            long fourth = third + 500 + 200;
            h.at(third + 500);
            h.at(fourth);
            assertThat(h.takeCommands()).containsExactly(
                    "UndoA k/a/compensate #3 @" + third, "UndoA k/a/compensate #4 @" + fourth);
            h.send(reply("k", "r3", "a", "AUndone"));
            assertThat(h.lastInstance("k").status).isEqualTo("COMPENSATED");
            assertThat(h.outcomes()).hasSize(1);
            assertThat(h.takeCommands()).isEmpty();
        }
    }

    @Test
    void aSnapshotTakenMidSagaRestoresItsStateAndDeadline() throws Exception {
        OperatorSubtaskState snapshot;
        try (SagaHarness h = new SagaHarness(definition(true), null)) {
            h.at(0);
            h.send(start("m"));
            h.send(reply("m", "r1", "a", "ADone"));
            h.takeCommands();
            snapshot = h.snapshot();
        }
        try (SagaHarness h = new SagaHarness(definition(true), snapshot)) {
            h.at(0);
            h.send(reply("m", "r1", "a", "ADone")); // the restored dedupe memory knows it
            assertThat(h.takeCommands()).isEmpty();
            h.at(1_000); // b's restored deadline fires
            long resend = 1_000 + RETRY.backoffMillis("m", 2);
            h.at(resend);
            assertThat(h.takeCommands()).containsExactly("DoB m/b #2 @" + resend);
            h.send(reply("m", "r2", "b", "BDone"));
            h.send(reply("m", "r3", "c", "CDone"));
            assertThat(h.lastInstance("m").status).isEqualTo("COMPLETED");
            assertThat(h.lastInstance("m").version).isEqualTo(6);
            h.at(resend + RETENTION);
            assertThat(h.stateEntries()).isZero();
            assertThat(h.timers()).isZero();
        }
    }
}
