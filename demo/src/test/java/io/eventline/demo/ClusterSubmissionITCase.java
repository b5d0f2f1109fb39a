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
import io.eventline.contracts.SqlDialect;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shaded job jar on a real standalone Flink session cluster, with a Kafka broker process, the registry and
 * PostgreSQL, all started by the deploy/ scripts users run: submit, verify the rows, stop with a savepoint, produce
 * more (with duplicates of the first batch), resume from the savepoint, verify the final rows against the
 * generator's independently computed expectation. Then the README's transactional-outbox commands on the same
 * cluster: the order service's CLI, the relay jar submitted beside a second order-projections job, exact rows.
 * The cluster has two slots: the tests run one after the other, each cancelling its jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSubmissionITCase {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SCRIPTS = ROOT.resolve("deploy/scripts");
    private static final Path HOME = ROOT.resolve("demo/target/cluster-itcase");
    private static final String REGISTRY_PORT = "18085";
    private static final String PG_PORT = "15433";
    private static final String TOPIC = "orders";
    private static final String BOOTSTRAP = "localhost:9092";
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(3);
    private static final DeployScripts SCRIPT_RUNNER = new DeployScripts(ROOT, Map.of("EVENTLINE_HOME", HOME.toString(),
            "REGISTRY_PORT", REGISTRY_PORT, "EVENTLINE_PG_PORT", PG_PORT));

    @BeforeAll
    static void startServices() throws Exception {
        StandaloneCluster.deleteRecursively(HOME);
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
    @Order(1)
    void submitStopWithSavepointResumeAndEndWithTheExpectedRows() throws Exception {
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/eventline?user=postgres";
        String registryUrl = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
        RegistryConfig registry = RegistryConfig.of(registryUrl);
        String jar = jobJar().toString();
        List<String> jobArgs = List.of("--bootstrap-servers", BOOTSTRAP, "--topic", TOPIC,
                "--registry-url", registryUrl, "--jdbc-url", jdbcUrl, "--create-tables",
                "--starting-offsets", "earliest", "--gap-timeout", "PT10S", "--parallelism", "2",
                "--checkpoint-interval", "PT2S", "--checkpoint-dir", HOME.resolve("checkpoints").toUri().toString());

        String firstJob = submit(jar, OrderProjectionsJob.class.getName(), null, jobArgs);
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

        String resumed = submit(jar, OrderProjectionsJob.class.getName(), savepoint, jobArgs);
        awaitReadModels(jdbcUrl, List.of(first, second));
        script("flink-cluster.sh", "cancel", resumed);
    }

    /**
     * The README's outbox section as a user runs it: {@code deploy/scripts/order-service.sh} (a process per
     * command), the relay jar submitted to the cluster, an order-projections job on the relay's topic, exact rows.
     */
    @Test
    @Order(2)
    void outboxCommandsThroughTheRelayOnTheClusterEndAsExactRows() throws Exception {
        String outboxDb = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/eventline?user=postgres";
        String readModels = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/outbox_reads?user=postgres";
        try (Connection c = DriverManager.getConnection(outboxDb)) {
            c.createStatement().execute("CREATE DATABASE outbox_reads");
        }
        String registryUrl = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
        String topic = "outbox-orders";
        script("kafka.sh", "topic", topic, "4");
        script("kafka.sh", "topic", topic + ".dlq", "4");
        String outboxJar = jar("outbox").toString();

        orderService("init", "--jdbc-url", outboxDb);
        orderService("place", "ord-c1", "cust-c1", "WIDGET-01:2:49.99", "--jdbc-url", outboxDb);
        orderService("pay", "ord-c1", "pay-c1", "99.98", "--jdbc-url", outboxDb);
        orderService("ship", "ord-c1", "DHL", "TRK-c1", "--jdbc-url", outboxDb);
        orderService("place", "ord-c2", "cust-c1", "WIDGET-02:1:5.00", "GADGET-01:3:1.50", "--jdbc-url", outboxDb);
        orderService("pay", "ord-c2", "pay-c2", "9.50", "--jdbc-url", outboxDb);
        orderService("place", "ord-c3", "cust-c2", "WIDGET-01:1:49.99", "--jdbc-url", outboxDb);
        orderService("cancel", "ord-c3", "--jdbc-url", outboxDb);
        orderService("place", "ord-c4", "cust-c2", "GADGET-01:4:1.50", "--jdbc-url", outboxDb);

        String relay = submit(outboxJar, "io.eventline.outbox.relay.OutboxRelayJob", null, List.of(
                "--jdbc-url", outboxDb, "--topic", topic, "--bootstrap-servers", BOOTSTRAP, "--registry-url", registryUrl,
                "--on-published", "MARK", "--retain-published", "P1D",
                "--checkpoint-dir", HOME.resolve("relay-checkpoints").toUri().toString()));
        String projections = submit(jobJar().toString(), OrderProjectionsJob.class.getName(), null, List.of(
                "--bootstrap-servers", BOOTSTRAP, "--topic", topic, "--group-id", "outbox-reads",
                "--registry-url", registryUrl, "--jdbc-url", readModels, "--create-tables",
                "--starting-offsets", "earliest", "--parallelism", "1", "--checkpoint-interval", "PT1S",
                "--checkpoint-dir", HOME.resolve("outbox-reads-checkpoints").toUri().toString()));
        try {
            // orderId -> status, total, units, version (= events of the order)
            Map<String, Object[]> expected = Map.of(
                    "ord-c1", new Object[] {"shipped", "99.98", 2, 3L},
                    "ord-c2", new Object[] {"paid", "9.50", 4, 2L},
                    "ord-c3", new Object[] {"cancelled", "49.99", 1, 2L},
                    "ord-c4", new Object[] {"placed", "6.00", 4, 1L});
            List<OrderSummaryRow> rows = awaitOrderRows(readModels, expected);
            assertThat(rows).hasSize(4);
            for (OrderSummaryRow row : rows) {
                Object[] e = expected.get(row.orderId);
                assertThat(row.status).as(row.orderId).isEqualTo(e[0]);
                assertThat(row.total).as(row.orderId).isEqualByComparingTo((String) e[1]);
                assertThat(row.itemCount).as(row.orderId).isEqualTo(e[2]);
                assertThat(row.version).as(row.orderId).isEqualTo(e[3]);
                assertThat(row.lastSequence).as(row.orderId).isEqualTo(e[3]);
            }
            // The relay marks rows published once the checkpoint that published them completed.
            String status = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!status.contains("unpublished_rows=0 ") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                status = orderService("status", "--jdbc-url", outboxDb);
            }
            assertThat(status.trim()).isEqualTo("outbox unpublished_rows=0 oldest_unpublished_age_ms=0");
        } finally {
            script("flink-cluster.sh", "cancel", projections);
            script("flink-cluster.sh", "cancel", relay);
        }
    }

    /** Polls order_summary until every expected order has its expected version, or 2 minutes passed. */
    private static List<OrderSummaryRow> awaitOrderRows(String url, Map<String, Object[]> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<OrderSummaryRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url)) {
                rows = new ReadModelReader(c, SqlDialect.POSTGRES).orders();
            } catch (SQLException tableNotYetCreated) {
                rows = List.of();
            }
            if (rows.size() == expected.size() && rows.stream().allMatch(r -> expected.containsKey(r.orderId)
                    && r.version == (long) expected.get(r.orderId)[3])) {
                return rows;
            }
            Thread.sleep(500);
        }
        return rows;
    }

    /** {@code deploy/scripts/order-service.sh ARGS}, as the README runs it (the jar built before this module). */
    private static String orderService(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("order-service.sh").toString()));
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("EVENTLINE_OUTBOX_NO_BUILD", "1");
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("order-service " + String.join(" ", args) + ": " + out).isZero();
        return out;
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

    private static String submit(String jar, String mainClass, String savepoint, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", jar, "--class", mainClass));
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
        return jar("jobs");
    }

    /** The shaded job jar of a module (built before this module: the demo depends on it). */
    private static Path jar(String module) throws IOException {
        return StandaloneCluster.shadedJobJar(ROOT, module);
    }

    /** Runs a deploy script with this test's state directory and ports; returns its standard output. */
    private static String script(String name, String... args) throws Exception {
        return SCRIPT_RUNNER.run(name, args);
    }
}
