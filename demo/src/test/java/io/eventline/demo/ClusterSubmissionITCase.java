package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.testkit.check.DeadLetterCounter;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real standalone Flink session cluster, with a Kafka broker process, the registry and
 * PostgreSQL, all started by the deploy/ scripts users run: submit, verify the rows, stop with a savepoint, produce
 * more (with duplicates of the first batch), resume from the savepoint, verify the final rows against the
 * generator's independently computed expectation.
 */
class ClusterSubmissionITCase {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SCRIPTS = ROOT.resolve("deploy/scripts");
    private static final Path HOME = ROOT.resolve("demo/target/cluster-itcase");
    private static final String REGISTRY_PORT = "18085";
    private static final String PG_PORT = "15433";
    private static final String TOPIC = "orders";
    private static final String BOOTSTRAP = "localhost:9092";
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(3);

    @BeforeAll
    static void startServices() throws Exception {
        deleteRecursively(HOME);
        Files.createDirectories(HOME);
        script("postgres.sh", "start");
        script("kafka.sh", "start");
        script("registry.sh", "start");
        script("flink-cluster.sh", "start");
        script("kafka.sh", "topic", TOPIC, "4");
        script("kafka.sh", "topic", TOPIC + ".dlq", "4");
    }

    @AfterAll
    static void stopServices() {
        for (String service : new String[] {"flink-cluster.sh", "registry.sh", "kafka.sh", "postgres.sh"}) {
            try {
                script(service, "stop");
            } catch (Exception e) {
                System.err.println("could not stop " + service + ": " + e.getMessage());
            }
        }
    }

    @Test
    void submitStopWithSavepointResumeAndEndWithTheExpectedRows() throws Exception {
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/eventline?user=postgres";
        String registryUrl = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
        RegistryConfig registry = RegistryConfig.of(registryUrl);
        String jar = jobJar().toString();
        List<String> jobArgs = List.of("--bootstrap-servers", BOOTSTRAP, "--topic", TOPIC,
                "--registry-url", registryUrl, "--jdbc-url", jdbcUrl, "--create-tables",
                "--starting-offsets", "earliest", "--gap-timeout", "PT10S", "--parallelism", "2",
                "--checkpoint-interval", "PT2S", "--checkpoint-dir", HOME.resolve("checkpoints").toUri().toString());

        String firstJob = submit(jar, null, jobArgs);
        OrderWorkload first = new OrderWorkload(WorkloadSettings.demo(300));
        List<Outgoing> firstRecords = first.remaining();
        TrafficProducer.send(firstRecords, BOOTSTRAP, registry, TOPIC);
        awaitReadModels(jdbcUrl, List.of(first));

        String savepoint = script("flink-cluster.sh", "stop-job", firstJob).trim();
        assertThat(savepoint).as("savepoint path").startsWith("file:");

        // While the job is stopped: a second, disjoint batch, and 30% of the first batch's events again.
        OrderWorkload second = new OrderWorkload(WorkloadSettings.demo(300).batch(43, "b2-"));
        List<Outgoing> records = new ArrayList<>(second.remaining());
        Random random = new Random(7);
        int duplicates = 0;
        for (Outgoing out : firstRecords) {
            if (out.event() != null && out.sequence() > 0 && random.nextDouble() < 0.3) {
                records.add(random.nextInt(records.size() + 1), out);
                duplicates++;
            }
        }
        assertThat(duplicates).isGreaterThan(100);
        TrafficProducer.send(records, BOOTSTRAP, registry, TOPIC);

        String resumed = submit(jar, savepoint, jobArgs);
        awaitReadModels(jdbcUrl, List.of(first, second));
        script("flink-cluster.sh", "cancel", resumed);
    }

    /** Polls until the tables and the DLQ hold exactly what the workloads expect, or fails with the differences. */
    private static void awaitReadModels(String jdbcUrl, List<OrderWorkload> workloads) throws Exception {
        Map<String, Long> expectedDeadLetters = new TreeMap<>();
        workloads.forEach(w -> w.expectedDeadLetters().forEach((reason, n) -> expectedDeadLetters.merge(reason, n, Long::sum)));
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        ReadModelChecker.Result result;
        Map<String, Long> deadLetters;
        try (DeadLetterCounter dlq = new DeadLetterCounter(BOOTSTRAP, TOPIC + ".dlq")) {
            do {
                Thread.sleep(500);
                deadLetters = dlq.poll();
                result = ReadModelChecker.checkDatabase(jdbcUrl, workloads);
            } while (!(result.ok() && deadLetters.equals(expectedDeadLetters)) && System.nanoTime() < deadline);
        }
        assertThat(result.mismatches()).as("read-model differences").isEmpty();
        assertThat(result.orderRows()).isEqualTo(result.expectedOrders());
        assertThat(result.customerRows()).isEqualTo(result.expectedCustomers());
        assertThat(deadLetters).as("dead letters by reason").isEqualTo(expectedDeadLetters);
    }

    private static String submit(String jar, String savepoint, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", jar, "--class", OrderProjectionsJob.class.getName()));
        if (savepoint != null) {
            args.addAll(List.of("--savepoint", savepoint));
        }
        args.add("--");
        args.addAll(jobArgs);
        String jobId = script("flink-cluster.sh", args.toArray(String[]::new)).trim();
        assertThat(jobId).as("job id printed by the submission").matches("[0-9a-f]{32}");
        return jobId;
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("jobs/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow(() ->
                    new IllegalStateException("no shaded job jar in jobs/target: run mvn package (or verify) first"));
        }
    }

    /** Runs a deploy script with this test's state directory and ports; returns its standard output. */
    private static String script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("EVENTLINE_HOME", HOME.toString());
        pb.environment().put("REGISTRY_PORT", REGISTRY_PORT);
        pb.environment().put("EVENTLINE_PG_PORT", PG_PORT);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(name + " " + String.join(" ", args) + " exited " + exit + ": " + out);
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
