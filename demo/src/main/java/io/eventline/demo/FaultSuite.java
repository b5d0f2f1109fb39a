package io.eventline.demo;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.faults.DeadLetterLedger;
import io.eventline.testkit.faults.EventAccounting;
import io.eventline.testkit.faults.HistoryChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault suite: the shaded job on the standalone cluster of deploy/scripts, fed a workload with gaps, duplicates
 * and reordering at a steady rate, while TaskManagers are killed, the broker restarted, PostgreSQL stopped and hung
 * and the registry stopped across a job restart. Judged by oracles that share nothing with the job: the workload's
 * own expected rows and dead letters, the {@link HistoryChecker} polling the tables during the run, and the
 * {@link EventAccounting} of every produced event. Writes RESULTS.md. {@code deploy/scripts/faults.sh} runs it;
 * {@code ClusterFaultsITCase} runs a CI-sized plan of it.
 */
@Command(name = "faults.sh", mixinStandardHelpOptions = true,
        description = "Runs the fault suite on the standalone cluster and writes a RESULTS.md.")
public final class FaultSuite implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Order events drawn. Default: ${DEFAULT-VALUE}.")
    long events;
    @Option(names = "--seed", defaultValue = "11", description = "Workload and fault-timing seed. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--taskmanager-kills", defaultValue = "10", description = "TaskManager SIGKILLs. Default: ${DEFAULT-VALUE}.")
    int taskManagerKills;
    @Option(names = "--restart-delay", defaultValue = "PT15S",
            description = "How long a killed TaskManager stays down; longer than the gap timeout. Default: ${DEFAULT-VALUE}.")
    Duration restartDelay;
    @Option(names = "--gap-timeout", defaultValue = "PT10S", description = "The job's gap timeout. Default: ${DEFAULT-VALUE}.")
    Duration gapTimeout;
    @Option(names = "--postgres-outage", defaultValue = "PT60S", description = "PostgreSQL stopped for; 0 to skip. Default: ${DEFAULT-VALUE}.")
    Duration postgresOutage;
    @Option(names = "--postgres-freeze", defaultValue = "PT60S", description = "PostgreSQL hung for; 0 to skip. Default: ${DEFAULT-VALUE}.")
    Duration postgresFreeze;
    @Option(names = "--registry-outage", defaultValue = "PT60S", description = "Registry stopped for; 0 to skip. Default: ${DEFAULT-VALUE}.")
    Duration registryOutage;
    @Option(names = "--kafka-restart", defaultValue = "true", arity = "1", description = "Restart the broker once. Default: ${DEFAULT-VALUE}.")
    boolean kafkaRestart;
    @Option(names = "--recovery-timeout", defaultValue = "PT5M", description = "Longest a fault may take to recover. Default: ${DEFAULT-VALUE}.")
    Duration recoveryTimeout;
    @Option(names = "--settle-timeout", defaultValue = "PT15M",
            description = "Longest the job may take to reach the expected rows after the last fault. Default: ${DEFAULT-VALUE}.")
    Duration settleTimeout;
    @Option(names = "--settle-stall", defaultValue = "PT2M",
            description = "Stop waiting for the expected rows when neither rows nor dead letters changed for this long. Default: ${DEFAULT-VALUE}.")
    Duration settleStall;
    @Option(names = "--home", description = "State directory of the services. Default: <repo>/.eventline/faults.")
    Path home;
    @Option(names = "--results", description = "Where to write the results (markdown). Default: <repo>/deploy/faults/RESULTS.md.")
    Path results;
    @Option(names = "--command", defaultValue = "deploy/scripts/faults.sh", description = "The command line recorded in the results.")
    String command;
    @Option(names = "--registry-port", defaultValue = "18085", description = "The registry's port. Default: ${DEFAULT-VALUE}.")
    String registryPort;
    @Option(names = "--repository", description = "The repository root. Default: the working directory.")
    Path root;

    private static final String TOPIC = StandaloneCluster.TOPIC;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultSuite()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        FaultRunResult result = run();
        System.out.println(result.summary());
        return result.passed() ? 0 : 1;
    }

    /** Starts the services, runs the plan, stops the services; the result holds every oracle's verdict. */
    public FaultRunResult run() throws Exception {
        Path repo = root != null ? root : Path.of("").toAbsolutePath();
        Path state = home != null ? home : repo.resolve(".eventline/faults");
        try (StandaloneCluster cluster = StandaloneCluster.start(repo, state,
                StandaloneCluster.Ports.FAULT_SUITE.withRegistry(Integer.parseInt(registryPort)))) {
            FaultRunResult result = runPlan(cluster);
            if (results != null || home == null) {
                Path out = results != null ? results : repo.resolve("deploy/faults/RESULTS.md");
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, result.markdown(command));
                System.out.println("results written to " + out);
            }
            return result;
        }
    }

    private FaultRunResult runPlan(StandaloneCluster cluster) throws Exception {
        DeployScripts scripts = cluster.scripts;
        String jdbcUrl = cluster.jdbcUrl;
        String registryUrl = cluster.registryUrl;
        int orders = (int) Math.max(10, Math.round(events / 3.65));
        WorkloadSettings settings = WorkloadSettings.demo(orders).toBuilder().seed(seed).events(events)
                .customerEvents(false).build();
        OrderWorkload workload = new OrderWorkload(settings);
        EventAccounting accounting = new EventAccounting(workload);
        FlinkRest rest = cluster.rest;

        List<FaultKind> plan = plan();
        Random random = new Random(seed);
        long plannedMillis = 0;
        for (FaultKind kind : plan) {
            plannedMillis += outageMillis(kind) + 25_000;
        }
        // production ends at about 70% of the planned schedule, so that most faults land while events flow
        double rate = Math.max(100, events * 1.1 / Math.max(30, plannedMillis * 0.7 / 1000.0));
        System.out.printf("fault suite: %s; %d faults planned over ~%d s, producing at %.0f records/s%n",
                settings, plan.size(), plannedMillis / 1000, rate);

        String job = cluster.submitOrderProjections(gapTimeout);
        List<FaultOutcome> outcomes = new ArrayList<>();
        long started = System.currentTimeMillis();
        try (HistoryChecker history = new HistoryChecker(jdbcUrl, HistoryChecker.orderTables(), 1000).start();
                PacedProducer producer = new PacedProducer(workload, accounting, cluster.bootstrap, RegistryConfig.of(registryUrl),
                        TOPIC, rate).start()) {
            for (FaultKind kind : plan) {
                Thread.sleep(2_000 + random.nextInt(6_000)); // a random point between faults
                outcomes.add(inject(kind, scripts, rest, job, producer.sent()));
                System.out.println("fault: " + outcomes.get(outcomes.size() - 1));
            }
            producer.awaitDone();
            Settled settled = settle(cluster.bootstrap, jdbcUrl, workload);
            history.pollOnce();
            history.close();
            long finished = System.currentTimeMillis();
            EventAccounting.Result accounted;
            try (DeadLetterLedger ledger = new DeadLetterLedger(cluster.bootstrap, TOPIC + ".dlq")) {
                readAll(ledger);
                accounted = accounting.check(jdbcUrl, ledger);
                return new FaultRunResult(settings, workload.describe(), outcomes, settled.rows(),
                        workload.expectedDeadLetters(), ledger.byReason(), ledger.records(), accounted,
                        history.violations(), history.polls(), history.failedPolls(), rest.restarts(job),
                        rest.restartCauses(job), finished - started, settled.millis());
            }
        }
    }

    private record Settled(ReadModelChecker.Result rows, long millis) {}

    /** Waits until the tables hold the expected rows and the DLQ the expected dead letters, or the settle timeout. */
    private Settled settle(String bootstrap, String jdbcUrl, OrderWorkload workload) throws Exception {
        long start = System.currentTimeMillis();
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        Map<String, Long> expected = workload.expectedDeadLetters();
        ReadModelChecker.Result rows = null;
        // a wrong state that no longer changes will not become right: stop after settleStall without change
        String lastProgress = "";
        long lastChange = System.nanoTime();
        try (DeadLetterLedger ledger = new DeadLetterLedger(bootstrap, TOPIC + ".dlq")) {
            do {
                Thread.sleep(2000);
                ledger.poll(Duration.ofMillis(500));
                try {
                    rows = ReadModelChecker.checkDatabase(jdbcUrl, List.of(workload));
                } catch (java.sql.SQLException e) {
                    continue;
                }
                if (rows.ok() && ledger.byReason().equals(expected)) {
                    break;
                }
                String progress = rows.orderRows() + "/" + rows.matchingOrders() + "/" + rows.matchingCustomers() + "/"
                        + ledger.records();
                if (!progress.equals(lastProgress)) {
                    lastProgress = progress;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > settleStall.toNanos()) {
                    break;
                }
            } while (System.nanoTime() < deadline);
        }
        return new Settled(rows, System.currentTimeMillis() - start);
    }

    private static void readAll(DeadLetterLedger ledger) {
        long before;
        do {
            before = ledger.records();
            ledger.poll(Duration.ofSeconds(3));
        } while (ledger.records() != before);
    }

    private List<FaultKind> plan() {
        List<FaultKind> plan = new ArrayList<>(Collections.nCopies(taskManagerKills, FaultKind.TASKMANAGER_KILL));
        if (kafkaRestart) {
            plan.add(FaultKind.KAFKA_RESTART);
        }
        if (!postgresOutage.isZero()) {
            plan.add(FaultKind.POSTGRES_STOP);
        }
        if (!postgresFreeze.isZero()) {
            plan.add(FaultKind.POSTGRES_FREEZE);
        }
        if (!registryOutage.isZero()) {
            plan.add(FaultKind.REGISTRY_DOWN_WITH_RESTART);
        }
        Collections.shuffle(plan, new Random(seed));
        return plan;
    }

    private long outageMillis(FaultKind kind) {
        return switch (kind) {
            case TASKMANAGER_KILL -> restartDelay.toMillis();
            case KAFKA_RESTART -> 10_000;
            case POSTGRES_STOP -> postgresOutage.toMillis();
            case POSTGRES_FREEZE -> postgresFreeze.toMillis();
            case REGISTRY_DOWN_WITH_RESTART -> registryOutage.toMillis();
        };
    }

    private FaultOutcome inject(FaultKind kind, DeployScripts scripts, FlinkRest rest, String job, long sentBefore)
            throws Exception {
        long restartsBefore = rest.restarts(job);
        long injectedAt = System.currentTimeMillis();
        switch (kind) {
            case TASKMANAGER_KILL -> {
                scripts.run("flink-cluster.sh", "kill-taskmanager");
                Thread.sleep(restartDelay.toMillis());
                scripts.run("flink-cluster.sh", "start-taskmanager");
            }
            case KAFKA_RESTART -> scripts.run("kafka.sh", "restart");
            case POSTGRES_STOP -> {
                scripts.run("postgres.sh", "stop");
                Thread.sleep(postgresOutage.toMillis());
                scripts.run("postgres.sh", "start");
            }
            case POSTGRES_FREEZE -> {
                scripts.run("postgres.sh", "freeze");
                Thread.sleep(postgresFreeze.toMillis());
                scripts.run("postgres.sh", "thaw");
            }
            case REGISTRY_DOWN_WITH_RESTART -> {
                scripts.run("registry.sh", "stop");
                long third = registryOutage.toMillis() / 3;
                Thread.sleep(third);
                // the job restarts from its checkpoint with empty schema caches while the registry is down
                scripts.run("flink-cluster.sh", "kill-taskmanager");
                scripts.run("flink-cluster.sh", "start-taskmanager");
                Thread.sleep(Math.max(0, registryOutage.toMillis() - (System.currentTimeMillis() - injectedAt)));
                scripts.run("registry.sh", "start");
            }
        }
        long endedAt = System.currentTimeMillis();
        long recoveredAt = awaitRecovery(rest, job, endedAt);
        long restartsAfter = rest.restarts(job);
        return new FaultOutcome(kind, sentBefore, injectedAt, endedAt, recoveredAt,
                restartsBefore < 0 || restartsAfter < 0 ? -1 : restartsAfter - restartsBefore);
    }

    /** Recovered: every task runs and a checkpoint triggered after the outage completed (the sinks flushed). */
    private long awaitRecovery(FlinkRest rest, String job, long endedAt) throws InterruptedException {
        long deadline = System.nanoTime() + recoveryTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (rest.state(job).equals("RUNNING") && rest.lastCompletedCheckpointTrigger(job) > endedAt) {
                return System.currentTimeMillis();
            }
            Thread.sleep(250);
        }
        return -1;
    }
}
