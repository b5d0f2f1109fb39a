package io.eventline.demo;

import io.eventline.jobs.orders.OrderProjectionsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The services of deploy/scripts started as a user starts them, for the suites that run minutes on them (fault
 * suite, soak): PostgreSQL, the broker, the registry (persistent storage, so schema ids survive its restart) and
 * the standalone Flink cluster, on the given {@link Ports}; the order topic and its DLQ; the order-projections job
 * submitted from the shaded jar. {@link #close} stops everything.
 */
final class StandaloneCluster implements AutoCloseable {

    static final String TOPIC = "orders";

    /** The loopback ports of one stack; two stacks with different ports run side by side. */
    record Ports(int kafka, int flinkRest, int flinkRpc, int postgres, int registry) {
        /** The ports of the fault suite and of ClusterSubmissionITCase: Kafka's and Flink's defaults. */
        static final Ports FAULT_SUITE = new Ports(9092, 8081, 6123, 15433, 18085);
        /** The soak's: beside a fault suite run. */
        static final Ports SOAK = new Ports(19092, 18081, 16123, 15434, 18087);
        /** The saga fault suite's (deploy/scripts/saga-faults.sh): beside a fault suite and a soak. */
        static final Ports SAGA_SUITE = new Ports(29092, 28081, 26123, 15435, 18089);
        /** SagaClusterFaultsITCase's: beside all of the above, so that it runs while they do. */
        static final Ports SAGA_ITCASE = new Ports(29192, 28181, 26223, 15436, 18091);

        Ports withRegistry(int port) {
            return new Ports(kafka, flinkRest, flinkRpc, postgres, port);
        }
    }

    final Path repo;
    final Path home;
    final DeployScripts scripts;
    final FlinkRest rest;
    final String bootstrap;
    final String jdbcUrl;
    final String registryUrl;

    private StandaloneCluster(Path repo, Path home, Ports ports) {
        this.repo = repo;
        this.home = home;
        this.bootstrap = "localhost:" + ports.kafka();
        this.rest = new FlinkRest("http://localhost:" + ports.flinkRest());
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/eventline?user=postgres";
        this.registryUrl = "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7";
        this.scripts = new DeployScripts(repo, Map.of("EVENTLINE_HOME", home.toString(),
                "KAFKA_PORT", String.valueOf(ports.kafka()), "FLINK_REST_PORT", String.valueOf(ports.flinkRest()),
                "FLINK_RPC_PORT", String.valueOf(ports.flinkRpc()), "EVENTLINE_PG_PORT", String.valueOf(ports.postgres()),
                "REGISTRY_PORT", String.valueOf(ports.registry()),
                // a shared, loaded machine: restarts may take longer than the scripts' interactive defaults
                "KAFKA_START_TIMEOUT", "180", "FLINK_START_TIMEOUT", "180", "REGISTRY_START_TIMEOUT", "180",
                // schema ids must survive the registry's restart, as with any persistent registry
                "REGISTRY_DATA_DIR", home.resolve("registry-data").toString()));
    }

    /** Starts every service with a fresh state directory {@code home}; stops what started when one fails. */
    static StandaloneCluster start(Path repo, Path home, Ports ports) throws Exception {
        deleteRecursively(home);
        Files.createDirectories(home);
        StandaloneCluster cluster = new StandaloneCluster(repo, home, ports);
        try {
            cluster.scripts.run("postgres.sh", "start");
            cluster.scripts.run("kafka.sh", "start");
            cluster.scripts.run("registry.sh", "start");
            cluster.scripts.run("flink-cluster.sh", "start");
            cluster.scripts.run("kafka.sh", "topic", TOPIC, "4");
            cluster.scripts.run("kafka.sh", "topic", TOPIC + ".dlq", "4");
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Creates topics of 4 partitions (kafka.sh topic). */
    void createTopics(String... topics) throws Exception {
        for (String topic : topics) {
            scripts.run("kafka.sh", "topic", topic, "4");
        }
    }

    /** Submits the order-projections job (parallelism 2, checkpoints every 2 s) and waits until it runs. */
    String submitOrderProjections(Duration gapTimeout) throws Exception {
        return submitOrderProjections(gapTimeout, Duration.ofSeconds(2));
    }

    /** The same with another checkpoint interval (the soak's {@code --checkpoint-interval}). */
    String submitOrderProjections(Duration gapTimeout, Duration checkpointInterval) throws Exception {
        return submit(jobJar(), OrderProjectionsJob.class.getName(),
                "--bootstrap-servers", bootstrap, "--topic", TOPIC, "--registry-url", registryUrl,
                "--jdbc-url", jdbcUrl, "--create-tables", "--starting-offsets", "earliest",
                "--gap-timeout", gapTimeout.toString(), "--gap-policy", "SKIP", "--parallelism", "2",
                "--checkpoint-interval", checkpointInterval.toString(), "--checkpoint-dir", home.resolve("checkpoints").toUri().toString());
    }

    /** Submits {@code mainClass} of a shaded jar with flink-cluster.sh and waits until every task runs. */
    String submit(Path jar, String mainClass, String... jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", jar.toString(), "--class", mainClass, "--"));
        Collections.addAll(args, jobArgs);
        String jobId = scripts.run("flink-cluster.sh", args.toArray(String[]::new)).trim();
        if (!jobId.matches("[0-9a-f]{32}")) {
            throw new IllegalStateException("no job id from the submission: " + jobId);
        }
        awaitRunning(jobId, Duration.ofMinutes(2));
        return jobId;
    }

    /** The TaskManager's process id (flink-cluster.sh keeps it in a pid file). */
    long taskManagerPid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("flink/taskmanager.pid")).trim());
    }

    private void awaitRunning(String job, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state;
        while (!(state = rest.state(job)).equals("RUNNING")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " not running after " + timeout + ": " + state);
            }
            Thread.sleep(250);
        }
    }

    private Path jobJar() throws IOException {
        return shadedJobJar(repo, "jobs");
    }

    /** A module's shaded job jar ({@code <module>/target/*-job.jar}). */
    static Path shadedJobJar(Path repo, String module) throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve(module + "/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow(() ->
                    new IllegalStateException("no shaded job jar in " + module + "/target: run mvn package first"));
        }
    }

    @Override
    public void close() {
        scripts.runQuietly("postgres.sh", "thaw");
        for (String service : new String[] {"flink-cluster.sh", "registry.sh", "kafka.sh", "postgres.sh"}) {
            scripts.runQuietly(service, "stop");
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
