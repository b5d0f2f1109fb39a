package io.eventline.jobs.orders.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.deadletter.DeadLetter;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every broker source must do, through the real server and the job as production wires it: a stream with
 * duplicates, reordering, permanent gaps and bad records gives exact read models and dead letters carrying the
 * broker's coordinates, although the broker restarts mid-run and the TaskManager is killed mid-run (what the
 * broker redelivers is dropped as duplicates).
 */
abstract class BrokerSourceContract {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSourceContract.class);
    /** Unacknowledged messages per queue/stream: with a checkpoint a second, the job reads about this many a second. */
    static final int PREFETCH = 200;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** The job's source arguments for a queue/stream named {@code name}. */
    abstract List<String> sourceArgs(String name);

    /** Publishes records, in order, to the queue/stream {@code name} (durably: confirmed, persisted). */
    abstract void publish(String name, List<Outgoing> records, BrokerPipelineRun run) throws Exception;

    /** Stops the broker, waits, starts it again with its data. */
    abstract void restartServer(Duration down);

    /** The header naming the queue/stream a message came from. */
    abstract String sourceHeader();

    /** The header with the broker's position of a message (delivery tag, entry id, stream sequence). */
    abstract String positionHeader();

    /** The dead letter's offset for a {@link #positionHeader()} value. */
    long positionOf(String header) {
        return Long.parseLong(header);
    }

    /**
     * Where to split the records for a pause between two batches: no aggregate has an event before the split whose
     * predecessor comes after it, so the pause (log time moves on with the server's append times) opens no gap
     * that the workload does not expect. Searched from the middle on; with this workload's reordering the first
     * safe split is near the end (a tail of a few records).
     */
    static int safeSplit(List<Outgoing> records) {
        for (int split = records.size() / 2; split < records.size(); split++) {
            java.util.Map<String, Long> maxBefore = new java.util.HashMap<>();
            for (Outgoing out : records.subList(0, split)) {
                if (out.event() != null) {
                    maxBefore.merge(out.key(), out.sequence(), Math::max);
                }
            }
            boolean safe = true;
            for (Outgoing out : records.subList(split, records.size())) {
                if (out.event() != null && !out.duplicate() && out.sequence() < maxBefore.getOrDefault(out.key(), 0L)) {
                    safe = false;
                    break;
                }
            }
            if (safe) {
                return split;
            }
        }
        throw new AssertionError("no safe split");
    }

    static WorkloadSettings workload(long seed, String prefix) {
        // the demo's traffic (duplicates, 10% reordering, gaps, malformed and invalid records, customer events),
        // all Avro: the JSON path is the same deserializer (covered with Kafka and by the EventBridge test)
        return WorkloadSettings.demo(400).toBuilder().seed(seed).idPrefix(prefix).jsonRate(0).build();
    }

    /**
     * Gap timeout of the run: the idle fallback of the log clock runs on while the broker is down or a slow
     * checkpoint holds the acks the source waits for (it delivers nothing), so a pause longer than the source idle
     * timeout (2 s) plus this lets gaps expire behind records still in the broker (README, Limits). Generous for a
     * loaded CI machine; it only delays the permanent gaps' dead letters at the end of the run.
     */
    Duration gapTimeout() {
        return Duration.ofSeconds(15);
    }

    /**
     * One run per broker (the suite's time budget). All records but a tail are published before the job starts;
     * the source reads at most {@link #PREFETCH} unacknowledged messages per checkpoint, so the broker still holds
     * most of them when it is restarted mid-run; the tail is published after the restart (new messages reach the
     * recovered consumer); the TaskManager is killed mid-run after that. Rows and dead letters must still be
     * exactly the workload's.
     */
    @Test
    void duplicatesReorderingABrokerRestartAndAKilledTaskManagerGiveExactReadModels(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String name = "faults" + System.nanoTime() % 100_000;
        OrderWorkload workload = new OrderWorkload(workload(12, "f-"));
        List<Outgoing> records = workload.remaining();
        int tail = safeSplit(records);
        long expectedApplied = workload.expectedVersionSum();
        List<String> args = new java.util.ArrayList<>(sourceArgs(name));
        args.addAll(List.of("--source-prefetch", String.valueOf(PREFETCH)));
        try (BrokerPipelineRun run = new BrokerPipelineRun("broker-faults", gapTimeout(), args.toArray(String[]::new))) {
            publish(name, records.subList(0, tail), run);
            JobClient job = run.start();
            awaitApplied(run, 300);
            long appliedAtRestart = run.appliedEvents();
            LOG.info("restarting the broker mid-run ({} of {} events applied)", appliedAtRestart, expectedApplied);
            restartServer(Duration.ofSeconds(1));
            LOG.info("broker back; publishing the last {} records", records.size() - tail);
            publish(name, records.subList(tail, records.size()), run);
            awaitApplied(run, Math.min(appliedAtRestart + 200, expectedApplied));
            // two more completed checkpoints: the one running when those were applied may not cover them, the next
            // does, so acknowledged and unacknowledged messages are both in flight when the TaskManager dies
            awaitCompletedCheckpoints(cluster, job, completedCheckpoints(cluster, job) + 2);
            LOG.info("killing the TaskManager mid-run ({} of {} events applied)", run.appliedEvents(), expectedApplied);
            cluster.startTaskManager();
            cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            run.awaitExactReadModels(workload, true);
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
            List<DeadLetter> decodeFailures = run.deadLetters().stream()
                    .filter(d -> d.getStage().equals("deserialize") || d.getStage().equals("validate")).toList();
            assertThat(decodeFailures).hasSizeGreaterThanOrEqualTo(8).allSatisfy(d -> {
                // the job's topic (DLQ <topic>.dlq), the queue/stream's index, the broker's position and names
                assertThat(d.getSourceTopic()).isEqualTo(run.topic);
                assertThat(d.getPartition()).isZero();
                assertThat(BrokerPipelineRun.header(d, sourceHeader())).isEqualTo(name);
                assertThat(positionOf(BrokerPipelineRun.header(d, positionHeader()))).isEqualTo(d.getOffset());
            });
        }
    }

    private static void awaitApplied(BrokerPipelineRun run, long events) {
        await("at least " + events + " events applied").atMost(BrokerPipelineRun.TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> run.appliedEvents() >= events);
    }

    private static void awaitCompletedCheckpoints(MiniCluster cluster, JobClient job, long count) {
        await(count + " completed checkpoints").atMost(BrokerPipelineRun.TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).until(() -> completedCheckpoints(cluster, job) >= count);
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) throws Exception {
        CheckpointStatsSnapshot stats = cluster.getExecutionGraph(job.getJobID()).get().getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }
}
