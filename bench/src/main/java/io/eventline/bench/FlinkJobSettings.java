package io.eventline.bench;

import io.eventline.common.ordering.GapPolicy;
import io.eventline.common.ordering.OrderingConfig;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;

/** How the Flink runs (2-5) read the topic and configure the job, from the bench options. */
final class FlinkJobSettings {

    static final String JOB = "bench";

    private final BenchContext ctx;

    FlinkJobSettings(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** The job's deserializer behind an unbounded KafkaSource from the earliest offset. */
    KafkaSource<Either<EventEnvelope, DeadLetter>> source(String group) {
        return KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
                .setBootstrapServers(ctx.services.bootstrapServers())
                .setTopics(BenchServices.TOPIC)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(OrderEnvelopes.deserializer(ctx.services.registryConfig, JOB))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** The job's own local runtime configuration (RocksDB), or the same checkpointing on heap state. */
    Configuration flinkConfiguration(boolean rocksdb, String run) throws Exception {
        Path dir = ctx.options.workDir.resolve("checkpoints-" + run + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        if (rocksdb) {
            return OrderProjectionsJob.flinkConfiguration(jobOptions(dir, "jdbc:postgresql://unused/none", "unused"));
        }
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "hashmap");
        conf.setString("execution.checkpointing.dir", dir.toUri().toString());
        conf.setString("execution.checkpointing.interval", ctx.options.checkpointInterval.toMillis() + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        return conf;
    }

    JobOptions jobOptions(Path checkpoints, String jdbcUrl, String group) {
        BenchOptions bench = ctx.options;
        List<String> args = new ArrayList<>(List.of(
                "--job-name", JOB,
                "--bootstrap-servers", ctx.services.bootstrapServers(),
                "--topic", BenchServices.TOPIC,
                "--group-id", group,
                "--starting-offsets", "earliest",
                "--registry-url", ctx.services.registryUrl(),
                "--jdbc-url", jdbcUrl,
                "--sink-batch-size", String.valueOf(bench.batchSize),
                "--sink-flush-interval", bench.flushInterval.toString(),
                "--sink-catch-up-lag", bench.sinkCatchUpLag.toString(),
                "--sink-merge-max-rows", String.valueOf(bench.sinkMergeMaxRows),
                "--checkpoint-dir", checkpoints.toUri().toString(),
                "--checkpoint-interval", bench.checkpointInterval.toString(),
                "--parallelism", String.valueOf(bench.parallelism),
                "--gap-timeout", bench.gapTimeout.toString(),
                "--gap-policy", "SKIP",
                // The backlog ends, nothing more arrives: its last gaps expire this long after it (see LogClockWatermarks).
                "--source-idle-timeout", bench.sourceIdleTimeout.toString()));
        if (bench.sinkCatchUpMaxHold != null) {
            args.addAll(List.of("--sink-catch-up-max-hold", bench.sinkCatchUpMaxHold.toString()));
        }
        return JobCommandLine.parse(args.toArray(String[]::new));
    }

    OrderingConfig orderingConfig() {
        return OrderingConfig.defaults().withJobName(JOB).withGapTimeout(ctx.options.gapTimeout)
                .withGapPolicy(GapPolicy.SKIP);
    }
}
