package io.eventline.demo;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.faults.EventAccounting;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak (issue 11): the shaded job on the standalone cluster of deploy/scripts. First a backlog is produced and
 * read to measure the rate the job sustains here; then traffic at a fraction of that rate (default 50%) for the
 * soak's duration, sampled each minute ({@link SoakSampler}); at the end every row of both phases is checked
 * against the workload's own expectation. Writes SOAK.md. {@code deploy/scripts/soak.sh} runs it.
 */
@Command(name = "soak.sh", mixinStandardHelpOptions = true,
        description = "Runs the soak on the standalone cluster and writes a SOAK.md.")
public final class SoakSuite implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "PT30M", description = "Soak traffic duration. Default: ${DEFAULT-VALUE}.")
    Duration duration;
    @Option(names = "--backlog-events", defaultValue = "200000", description = "Events of the rate-measuring backlog. Default: ${DEFAULT-VALUE}.")
    long backlogEvents;
    @Option(names = "--load", defaultValue = "0.5", description = "Soak rate as a fraction of the backlog rate. Default: ${DEFAULT-VALUE}.")
    double load;
    @Option(names = "--sample-interval", defaultValue = "PT1M", description = "Default: ${DEFAULT-VALUE}.")
    Duration sampleInterval;
    @Option(names = "--warm-up", defaultValue = "PT5M", description = "Samples before this are not judged. Default: ${DEFAULT-VALUE}.")
    Duration warmUp;
    @Option(names = "--tolerance", defaultValue = "0.15", description = "Allowed deviation from the mean after warm-up. Default: ${DEFAULT-VALUE}.")
    double tolerance;
    @Option(names = "--checkpoint-interval", defaultValue = "PT2S", description = "The job's checkpoint interval "
            + "(the fault suite's). Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;
    @Option(names = "--checkpoint-window", defaultValue = "3", description = "Samples whose checkpoints make the "
            + "judged median checkpoint (see SoakReport). Default: ${DEFAULT-VALUE}.")
    int checkpointWindow;
    @Option(names = "--gap-timeout", defaultValue = "PT10S", description = "The job's gap timeout. Default: ${DEFAULT-VALUE}.")
    Duration gapTimeout;
    @Option(names = "--home", description = "State directory of the services. Default: <repo>/.eventline/soak.")
    Path home;
    @Option(names = "--results", description = "Where to write the results. Default: <repo>/deploy/faults/SOAK.md.")
    Path results;
    @Option(names = "--command", defaultValue = "deploy/scripts/soak.sh", description = "The command line recorded in the results.")
    String command;
    @Option(names = "--repository", description = "The repository root. Default: the working directory.")
    Path root;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakSuite()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path repo = root != null ? root : Path.of("").toAbsolutePath();
        SoakReport report;
        try (StandaloneCluster cluster = StandaloneCluster.start(repo,
                home != null ? home : repo.resolve(".eventline/soak"), StandaloneCluster.Ports.SOAK)) {
            report = run(cluster);
        }
        Path out = results != null ? results : repo.resolve("deploy/faults/SOAK.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.markdown(command));
        System.out.println("results written to " + out + "\n" + report.verdictLine());
        return report.passed() ? 0 : 1;
    }

    private SoakReport run(StandaloneCluster cluster) throws Exception {
        RegistryConfig registry = RegistryConfig.of(cluster.registryUrl);
        OrderWorkload backlog = workload(backlogEvents, 17, "");
        try (PacedProducer producer = new PacedProducer(backlog, new EventAccounting(backlog),
                cluster.bootstrap, registry, StandaloneCluster.TOPIC, 1e9).start()) {
            producer.awaitDone();
        }
        long submitted = System.currentTimeMillis();
        String job = cluster.submitOrderProjections(gapTimeout, checkpointInterval);
        awaitRows(cluster, List.of(backlog), Duration.ofMinutes(30));
        double backlogSeconds = (System.currentTimeMillis() - submitted) / 1000.0;
        double backlogRate = backlog.records() / backlogSeconds;
        double rate = Math.max(10, backlogRate * load);
        System.out.printf("soak: backlog of %d records read in %.1f s (%.0f records/s); soak at %.0f records/s for %s%n",
                backlog.records(), backlogSeconds, backlogRate, rate, duration);

        OrderWorkload soak = workload(Math.round(rate * duration.toSeconds() / 1.1), 29, "s-");
        List<SoakSample> samples;
        long restartsBefore = cluster.rest.restarts(job);
        try (PacedProducer producer = new PacedProducer(soak, new EventAccounting(soak), cluster.bootstrap,
                registry, StandaloneCluster.TOPIC, rate).start()) {
            samples = new SoakSampler(cluster, job, producer::sent, checkpointWindow).run(duration.toMillis(), sampleInterval.toMillis());
            producer.awaitDone();
        }
        ReadModelChecker.Result rows = awaitRows(cluster, List.of(backlog, soak), Duration.ofMinutes(10));
        return new SoakReport(backlog.records(), backlogSeconds, rate, soak.records(), samples,
                warmUp.toMillis(), tolerance, rows, cluster.rest.restarts(job) - restartsBefore,
                cluster.rest.restartCauses(job));
    }

    private static OrderWorkload workload(long events, long seed, String prefix) {
        int orders = (int) Math.max(10, Math.round(events / 3.65));
        return new OrderWorkload(WorkloadSettings.demo(orders).toBuilder().seed(seed).events(events)
                .customerEvents(false).idPrefix(prefix).build());
    }

    /** Polls until the rows equal the workloads' expectation, or the timeout; returns the last check. */
    private static ReadModelChecker.Result awaitRows(StandaloneCluster cluster, List<OrderWorkload> workloads,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReadModelChecker.Result rows = null;
        do {
            Thread.sleep(2000);
            try {
                rows = ReadModelChecker.checkDatabase(cluster.jdbcUrl, workloads);
            } catch (java.sql.SQLException notYet) {
                continue;
            }
        } while ((rows == null || !rows.ok()) && System.nanoTime() < deadline);
        return rows;
    }
}
