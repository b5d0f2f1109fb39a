package io.eventline.demo;

import io.eventline.contracts.SagaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The saga fault suite (issue 16): the orchestrator's shaded job on the standalone cluster of deploy/scripts, the
 * three participants as saga-participant.sh processes with random faults, N sagas placed at a steady rate while
 * the TaskManager is SIGKILLed (kept down, then started again) and a participant is SIGKILLed and started again.
 * Judged by {@link SagaOracle} on the participants' own tables, saga_instance and the orders topic. Writes
 * SAGAS.md. {@code deploy/scripts/saga-faults.sh} runs it; {@code SagaClusterFaultsITCase} runs a CI-sized plan.
 * Its stack has ports of its own ({@link StandaloneCluster.Ports#SAGA_SUITE}), so it runs beside the order fault
 * suite and the soak.
 */
@Command(name = "saga-faults.sh", mixinStandardHelpOptions = true,
        description = "Runs the saga fault suite on a standalone cluster of its own and writes a SAGAS.md.")
public final class SagaFaultSuite implements Callable<Integer> {

    static final String ORCHESTRATOR = "io.eventline.saga.orchestrator.FulfilmentOrchestratorJob";

    private enum Fault { TASKMANAGER_KILL, PARTICIPANT_KILL }

    @Option(names = "--sagas", defaultValue = "1000", description = "Sagas placed. Default: ${DEFAULT-VALUE}.")
    int sagas;
    @Option(names = "--seed", defaultValue = "7", description = "Orders, fault switches and fault timing. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--rate", defaultValue = "10", description = "Sagas placed per second. Default: ${DEFAULT-VALUE}.")
    double rate;
    @Option(names = "--taskmanager-kills", defaultValue = "2", description = "TaskManager SIGKILLs. Default: ${DEFAULT-VALUE}.")
    int taskManagerKills;
    @Option(names = "--restart-delay", defaultValue = "PT15S", description = "How long a killed TaskManager stays down. Default: ${DEFAULT-VALUE}.")
    Duration restartDelay;
    @Option(names = "--participant-kills", defaultValue = "1", description = "Participant SIGKILLs (a random one each). Default: ${DEFAULT-VALUE}.")
    int participantKills;
    @Option(names = "--participant-down", defaultValue = "PT10S", description = "How long a killed participant stays down. Default: ${DEFAULT-VALUE}.")
    Duration participantDown;
    @Option(names = "--fail-probability", defaultValue = "0.05", description = "Participants refuse a command. Default: ${DEFAULT-VALUE}.")
    double failProbability;
    @Option(names = "--duplicate-probability", defaultValue = "0.2", description = "Participants send a reply twice. Default: ${DEFAULT-VALUE}.")
    double duplicateProbability;
    @Option(names = "--drop-probability", defaultValue = "0.1", description = "Participants apply but do not reply. Default: ${DEFAULT-VALUE}.")
    double dropProbability;
    @Option(names = "--crash-probability", defaultValue = "0.02",
            description = "Participants exit after applying a command, before replying. Default: ${DEFAULT-VALUE}.")
    double crashProbability;
    @Option(names = "--step-timeout", defaultValue = "PT20S", description = "The orchestrator's step timeout. Default: ${DEFAULT-VALUE}.")
    Duration stepTimeout;
    @Option(names = "--checkpoint-interval", defaultValue = "PT1S",
            description = "The orchestrator's checkpoint interval (commands are visible after each). Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;
    @Option(names = "--settle-timeout", defaultValue = "PT20M", description = "Longest wait for every saga to end. Default: ${DEFAULT-VALUE}.")
    Duration settleTimeout;
    @Option(names = "--settle-stall", defaultValue = "PT3M",
            description = "Stop waiting when no saga ended for this long. Default: ${DEFAULT-VALUE}.")
    Duration settleStall;
    @Option(names = "--home", description = "State directory of the services. Default: <repo>/.eventline/saga-faults.")
    Path home;
    @Option(names = "--results", description = "Where to write the results. Default: <repo>/deploy/faults/SAGAS.md (not written with --home).")
    Path results;
    @Option(names = "--command", defaultValue = "deploy/scripts/saga-faults.sh", description = "The command line recorded in the results.")
    String command;
    @Option(names = "--repository", description = "The repository root. Default: the working directory.")
    Path root;

    /** The stack's ports; SagaClusterFaultsITCase moves them so that it can run beside a saga-faults.sh run. */
    StandaloneCluster.Ports ports = StandaloneCluster.Ports.SAGA_SUITE;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SagaFaultSuite()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SagaRunResult result = run();
        System.out.println(result.summary());
        return result.passed() ? 0 : 1;
    }

    /** Starts the stack, runs the plan, stops the stack; writes the results unless run with --home alone. */
    public SagaRunResult run() throws Exception {
        Path repo = root != null ? root : Path.of("").toAbsolutePath();
        Path state = home != null ? home : repo.resolve(".eventline/saga-faults");
        Path jar = StandaloneCluster.shadedJobJar(repo, "saga");
        SagaRunResult result;
        try (StandaloneCluster cluster = StandaloneCluster.start(repo, state, ports)) {
            result = runPlan(cluster, jar);
        }
        if (results != null || home == null) {
            Path out = results != null ? results : repo.resolve("deploy/faults/SAGAS.md");
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, result.markdown(command));
            System.out.println("results written to " + out);
        }
        return result;
    }

    private SagaRunResult runPlan(StandaloneCluster cluster, Path jar) throws Exception {
        String loadBefore = loadAverage();
        cluster.createTopics(SagaTopics.INVENTORY_COMMANDS, SagaTopics.PAYMENT_COMMANDS, SagaTopics.SHIPPING_COMMANDS,
                SagaTopics.REPLIES, SagaTopics.REPLIES + ".dlq");
        SagaOrders drawn = new SagaOrders(sagas, seed);
        SagaOracle oracle = new SagaOracle(cluster.jdbcUrl, cluster.bootstrap, drawn);
        // the participants' tables as an operator creates them (psql -f), then their reference data
        oracle.execute(Files.readString(cluster.repo.resolve("deploy/sql/postgres/saga_participants.sql")));
        oracle.execute(drawn.referenceDataSql());

        long started = System.currentTimeMillis();
        String job = cluster.submit(jar, ORCHESTRATOR, "--bootstrap-servers", cluster.bootstrap,
                "--orders-topic", StandaloneCluster.TOPIC, "--registry-url", cluster.registryUrl,
                "--jdbc-url", cluster.jdbcUrl, "--create-tables", "--parallelism", "2",
                "--step-timeout", stepTimeout.toString(), "--checkpoint-interval", checkpointInterval.toString(),
                "--checkpoint-dir", cluster.home.resolve("checkpoints").toUri().toString(),
                // a killed TaskManager's open transaction holds the read_committed participants back until the
                // restarted job aborts it, or until it times out
                "--transaction-timeout", "PT30S");
        List<Fault> faultKinds = plan();
        Random random = new Random(seed);
        ExecutorService injector = Executors.newSingleThreadExecutor();
        long placeMillis;
        try (ParticipantProcesses participants = new ParticipantProcesses(cluster.repo, cluster.home.resolve("participants"),
                        cluster.bootstrap, cluster.jdbcUrl, switches()).start();
                SagaOrders.Publisher publisher = new SagaOrders.Publisher(cluster.bootstrap, cluster.registryUrl,
                        StandaloneCluster.TOPIC)) {
            List<Future<?>> faults = new ArrayList<>();
            long placeStart = System.nanoTime();
            for (int i = 0; i < sagas; i++) {
                long due = placeStart + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                publisher.place(drawn.orders.get(i));
                for (int f = 0; f < faultKinds.size(); f++) {
                    if (i == (f + 1) * sagas / (faultKinds.size() + 1)) { // the faults spread over the placing
                        Fault kind = faultKinds.get(f);
                        String participant = ParticipantProcesses.NAMES.get(random.nextInt(3));
                        faults.add(injector.submit(() -> inject(kind, participant, cluster, participants, job)));
                    }
                }
            }
            placeMillis = (System.nanoTime() - placeStart) / 1_000_000;
            for (Future<?> f : faults) {
                f.get();
            }
            settle(oracle);
            // let redelivered and retried commands still in the topics drain: they must change nothing
            Thread.sleep(5_000);
            participants.close();
            List<SagaOracle.Check> checks = oracle.check(StandaloneCluster.TOPIC);
            return new SagaRunResult(sagas, seed, oracle.states(), checks,
                    (int) faultKinds.stream().filter(Fault.TASKMANAGER_KILL::equals).count(), participants.kills(),
                    participants.restarts(), cluster.rest.restarts(job), cluster.rest.restartCauses(job), placeMillis,
                    System.currentTimeMillis() - started, loadBefore, loadAverage());
        } finally {
            injector.shutdownNow();
        }
    }

    private List<Fault> plan() {
        List<Fault> plan = new ArrayList<>(Collections.nCopies(taskManagerKills, Fault.TASKMANAGER_KILL));
        plan.addAll(Collections.nCopies(participantKills, Fault.PARTICIPANT_KILL));
        Collections.shuffle(plan, new Random(seed));
        return plan;
    }

    private List<String> switches() {
        return List.of("--fail-probability", String.valueOf(failProbability),
                "--duplicate-probability", String.valueOf(duplicateProbability),
                "--drop-probability", String.valueOf(dropProbability),
                "--crash-probability", String.valueOf(crashProbability));
    }

    private Void inject(Fault kind, String participant, StandaloneCluster cluster, ParticipantProcesses participants,
            String job) throws Exception {
        long at = System.currentTimeMillis();
        if (kind == Fault.TASKMANAGER_KILL) {
            cluster.scripts.run("flink-cluster.sh", "kill-taskmanager");
            Thread.sleep(restartDelay.toMillis());
            cluster.scripts.run("flink-cluster.sh", "start-taskmanager");
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!cluster.rest.state(job).equals("RUNNING") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            System.out.printf("saga fault suite: TaskManager killed, down %d s, job %s %.1f s after the kill%n",
                    restartDelay.toSeconds(), cluster.rest.state(job), (System.currentTimeMillis() - at) / 1000.0);
        } else {
            participants.kill(participant, participantDown.toMillis());
            System.out.printf("saga fault suite: %s participant killed, down %d s%n", participant, participantDown.toSeconds());
            Thread.sleep(participantDown.toMillis());
        }
        return null;
    }

    /** Waits until every saga is COMPLETED or COMPENSATED, the settle timeout, or no saga ended for the stall time. */
    private void settle(SagaOracle oracle) throws InterruptedException {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        int lastFinal = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int finals;
            try {
                Map<String, Integer> states = oracle.states();
                finals = states.getOrDefault("COMPLETED", 0) + states.getOrDefault("COMPENSATED", 0);
                if (finals != lastFinal) {
                    System.out.println("saga fault suite: " + states);
                }
            } catch (java.sql.SQLException notYet) {
                finals = 0; // saga_instance is created by the job's sink
            }
            if (finals == sagas) {
                return;
            }
            if (finals != lastFinal) {
                lastFinal = finals;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > settleStall.toNanos()) {
                return;
            }
            Thread.sleep(2_000);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
