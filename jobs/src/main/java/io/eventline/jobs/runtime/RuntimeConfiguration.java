package io.eventline.jobs.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job's state backend, checkpointing and restart strategy come from: one source per environment.
 * <ul>
 *   <li>On a cluster, the cluster's configuration: deploy/flink/conf/config.yaml (the standalone cluster) or the
 *       FlinkDeployment's flinkConfiguration (Kubernetes). The job sets none of these keys there, because a job
 *       that sets them overrides the cluster.</li>
 *   <li>Locally (MiniCluster: the demo, the bench, tests, {@code java -cp ... main}), {@link #LOCAL_DEFAULTS},
 *       which agree with the deploy files wherever both set a key (RuntimeConfigurationTest checks it), plus a
 *       checkpoint directory under /tmp.</li>
 * </ul>
 * A checkpoint directory or interval given explicitly on the job's command line applies in both: the operator
 * asked for it.
 */
public final class RuntimeConfiguration {

    /** The local defaults; the deploy files set the same values for the keys they share. */
    public static final Map<String, String> LOCAL_DEFAULTS = localDefaultsMap();

    /** Checkpoints of local runs without --checkpoint-dir (locations are per environment, so not a shared key). */
    public static final String LOCAL_CHECKPOINT_DIR = "file:///tmp/eventline/checkpoints";

    private RuntimeConfiguration() {}

    private static Map<String, String> localDefaultsMap() {
        Map<String, String> m = new LinkedHashMap<>();
        // RocksDB with incremental checkpoints: state beyond memory, checkpoints proportional to the change
        m.put("state.backend.type", "rocksdb");
        m.put("state.backend.incremental", "true");
        // eventId look-ups are mostly misses: bloom filters answer them without reading a block (issue 12)
        m.put("state.backend.rocksdb.use-bloom-filter", "true");
        // LZ4 instead of RocksDB's Snappy: flushes and compactions are a seventh of the job's CPU; LZ4 made the
        // bench's RocksDB pipeline 12% faster per CPU-second at the same checkpoint size (issue 12, session 8)
        m.put("state.backend.rocksdb.compression.per.level", "LZ4_COMPRESSION");
        // timers in RocksDB, not on the heap: the ordering operator keeps one (lazily re-armed) cleanup timer per
        // aggregate, so heap timers grow the TaskManager's heap with every aggregate the job has seen (~140 B each:
        // the soak's live heap rose with its aggregates). In RocksDB they cost one write per new aggregate.
        m.put("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        m.put("execution.checkpointing.interval", "10s");
        m.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        // exponential back-off: an outage downstream becomes slower retries, not a crash loop
        m.put("restart-strategy.type", "exponential-delay");
        m.put("restart-strategy.exponential-delay.initial-backoff", "1s");
        m.put("restart-strategy.exponential-delay.max-backoff", "1min");
        m.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        m.put("restart-strategy.exponential-delay.reset-backoff-threshold", "10min");
        m.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** What the command line set explicitly: applied on a cluster too. */
    public static Configuration explicitSettings(String checkpointDir, Duration checkpointInterval) {
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            conf.setString("execution.checkpointing.dir", checkpointDir);
        }
        if (checkpointInterval != null) {
            conf.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        }
        return conf;
    }

    /** The configuration of a local run: the local defaults, then what the command line set explicitly. */
    public static Configuration local(String checkpointDir, Duration checkpointInterval) {
        Configuration conf = Configuration.fromMap(LOCAL_DEFAULTS);
        conf.setString("execution.checkpointing.dir", LOCAL_CHECKPOINT_DIR);
        conf.addAll(explicitSettings(checkpointDir, checkpointInterval));
        return conf;
    }

    /**
     * The environment for a job's main: the cluster's when submitted to one (only the explicit settings on top),
     * otherwise a local one with {@link #local}.
     */
    public static StreamExecutionEnvironment environment(String checkpointDir, Duration checkpointInterval) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(explicitSettings(checkpointDir, checkpointInterval));
        if (env instanceof LocalStreamEnvironment) {
            return StreamExecutionEnvironment.createLocalEnvironment(local(checkpointDir, checkpointInterval));
        }
        return env;
    }
}
