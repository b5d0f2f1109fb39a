package io.eventline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.stats.StatsSummary;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink job on its own in-process MiniCluster (a fresh cluster per run: no state, JIT-cold operators or
 * native RocksDB memory carried from one run to the next inside Flink itself).
 */
final class FlinkRun implements AutoCloseable {

    private final MiniCluster cluster;
    private final JobID job;
    final long runningAtNanos;

    private FlinkRun(MiniCluster cluster, JobID job, long runningAtNanos) {
        this.cluster = cluster;
        this.job = job;
        this.runningAtNanos = runningAtNanos;
    }

    /**
     * @param jobConf the run's job configuration; {@code --flink KEY=VALUE} settings of the options go on top
     * @param define builds the job; {@code --no-object-reuse} then turns the job's object reuse off
     */
    static FlinkRun start(BenchOptions options, Configuration jobConf, Consumer<StreamExecutionEnvironment> define)
            throws Exception {
        int parallelism = options.parallelism;
        Configuration conf = new Configuration(jobConf);
        options.flinkSettings.forEach(conf::setString);
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
        conf.setString("taskmanager.memory.managed.size", "256m");
        conf.setString("taskmanager.memory.network.min", "64m");
        conf.setString("taskmanager.memory.network.max", "64m");
        // Enough checkpoint history to split the stats by phase (the latency phase's own, at 50% load).
        conf.setString("web.checkpoints.history", "1000");
        conf.setString("restart-strategy.type", "none"); // a failure must surface, not replay silently
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .withRandomPorts()
                .build());
        cluster.start();
        try {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            define.accept(env);
            if (options.noObjectReuse) {
                env.getConfig().disableObjectReuse(); // read when the graph is built, below: lever comparisons
            }
            JobGraph graph = env.getStreamGraph().getJobGraph();
            JobID id = cluster.submitJob(graph).get().getJobID();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (cluster.getJobStatus(id).get() != JobStatus.RUNNING) {
                if (System.nanoTime() > deadline || cluster.getJobStatus(id).get().isGloballyTerminalState()) {
                    throw new IllegalStateException("job did not start: " + cluster.getJobStatus(id).get());
                }
                Thread.sleep(20);
            }
            return new FlinkRun(cluster, id, System.nanoTime());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Throws when the job failed or ended. */
    void checkAlive() throws Exception {
        JobStatus status = cluster.getJobStatus(job).get();
        if (status.isTerminalState()) {
            String cause = "";
            try {
                var result = cluster.requestJobResult(job).get();
                if (result.getSerializedThrowable().isPresent()) {
                    cause = ": " + result.getSerializedThrowable().get().getFullStringifiedStackTrace();
                }
            } catch (Exception ignored) {
                // best effort
            }
            throw new IllegalStateException("job ended with " + status + cause);
        }
    }

    record Checkpoints(long completed, long failed, long avgDurationMs, long maxDurationMs, long lastStateSize,
            long lastCheckpointedSize, String details) {
        String describe() {
            if (completed == 0) {
                return "none completed (" + failed + " failed)";
            }
            return String.format("%d completed, duration avg %d ms / max %d ms, state size %s (last incremental %s)%s",
                    completed, avgDurationMs, maxDurationMs, Report.bytes(lastStateSize), Report.bytes(lastCheckpointedSize),
                    details.isEmpty() ? "" : "; " + details);
        }
    }

    /** The longest of one checkpoint phase over the subtasks, and the task it was in. */
    private static final class Worst {
        long ms;
        String task = "";

        void offer(String task, StatsSummary phase) {
            if (phase.getMaximum() > ms) {
                ms = phase.getMaximum();
                this.task = task;
            }
        }
    }

    /** Where a task's checkpoint time went at its worst: what blocks processing (sync, alignment) and what does not. */
    private static final class Phases {
        final Worst sync = new Worst(), alignment = new Worst(), startDelay = new Worst();
        long async;

        void add(String task, TaskStateStats.TaskStateStatsSummary s) {
            sync.offer(task, s.getSyncCheckpointDurationStats());
            alignment.offer(task, s.getAlignmentDurationStats());
            startDelay.offer(task, s.getCheckpointStartDelayStats());
            async = Math.max(async, s.getAsyncCheckpointDurationStats().getMaximum());
        }

        String describe() {
            return String.format("worst subtask: sync phase %d ms (%s), alignment %d ms (%s), barrier start delay %d ms "
                    + "(%s), async phase %d ms", sync.ms, sync.task, alignment.ms, alignment.task, startDelay.ms,
                    startDelay.task, async);
        }
    }

    /**
     * The completed checkpoints triggered in [fromMillis, toMillis), one phase's checkpoints, with their worst
     * phases and when each checkpoint of the range was triggered, in seconds after {@code originMillis}.
     */
    Checkpoints checkpointsTriggeredBetween(long fromMillis, long toMillis, long originMillis) throws Exception {
        var graph = cluster.getExecutionGraph(job).get();
        CheckpointStatsSnapshot s = graph.getCheckpointStatsSnapshot();
        long completed = 0, failed = 0, sum = 0, max = 0;
        CompletedCheckpointStats last = null;
        Phases phases = new Phases();
        Map<Long, String> triggers = new TreeMap<>();
        if (s != null) {
            for (AbstractCheckpointStats c : s.getHistory().getCheckpoints()) {
                if (c.getTriggerTimestamp() < fromMillis || c.getTriggerTimestamp() >= toMillis) {
                    continue;
                }
                triggers.put(c.getTriggerTimestamp(), String.format("%.1f s (%d ms)",
                        (c.getTriggerTimestamp() - originMillis) / 1000.0, c.getEndToEndDuration()));
                if (c instanceof CompletedCheckpointStats done) {
                    completed++;
                    for (TaskStateStats task : done.getAllTaskStateStats()) {
                        var vertex = graph.getJobVertex(task.getJobVertexId());
                        phases.add(vertex == null ? "?" : shortName(vertex.getName()), task.getSummaryStats());
                    }
                    sum += done.getEndToEndDuration();
                    max = Math.max(max, done.getEndToEndDuration());
                    if (last == null || done.getCheckpointId() > last.getCheckpointId()) {
                        last = done;
                    }
                } else if (c.getStatus().isFailed()) {
                    failed++;
                }
            }
        }
        return new Checkpoints(completed, failed, completed == 0 ? 0 : sum / completed, max,
                last == null ? 0 : last.getStateSize(), last == null ? 0 : last.getCheckpointedSize(),
                phases.describe() + "; triggered at (seconds of the phase, as the slow probes below): "
                        + String.join(", ", triggers.values()));
    }

    /** A chain's name up to its first operator ("order-events-ordering -> (...)" becomes "order-events-ordering"). */
    private static String shortName(String chain) {
        int arrow = chain.indexOf(" -> ");
        return arrow < 0 ? chain : chain.substring(0, arrow) + " chain";
    }

    Checkpoints checkpoints() throws Exception {
        CheckpointStatsSnapshot s = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
        if (s == null) {
            return new Checkpoints(0, 0, 0, 0, 0, 0, "");
        }
        CompletedCheckpointStats last = s.getHistory().getLatestCompletedCheckpoint();
        var summary = s.getSummaryStats();
        return new Checkpoints(s.getCounts().getNumberOfCompletedCheckpoints(), s.getCounts().getNumberOfFailedCheckpoints(),
                summary.getEndToEndDurationStats().getAverage(), summary.getEndToEndDurationStats().getMaximum(),
                last == null ? 0 : last.getStateSize(), last == null ? 0 : last.getCheckpointedSize(), "");
    }

    /**
     * The job's live state: the bytes of a canonical savepoint (Flink's own format, each key's current value once,
     * uncompressed), taken into a temporary directory and deleted. A checkpoint's size also counts the versions
     * RocksDB has not compacted away yet.
     */
    long canonicalSavepointBytes() throws Exception {
        Path dir = Files.createTempDirectory("bench-savepoint");
        try {
            String savepoint = cluster.triggerSavepoint(job, dir.toUri().toString(), false, SavepointFormatType.CANONICAL)
                    .get(5, TimeUnit.MINUTES);
            try (Stream<Path> files = Files.walk(Path.of(URI.create(savepoint)))) {
                return files.filter(Files::isRegularFile).mapToLong(FlinkRun::size).sum();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (!cluster.getJobStatus(job).get().isTerminalState()) {
                cluster.cancelJob(job).get();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        cluster.close();
    }
}
