package io.eventline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.EmbeddedKafka;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notification job on a MiniCluster (parallelism 2, generic types off), the real in-process Kafka broker, the
 * order API as a real HTTP service, and the Prometheus reporter: one running job, one failure mode per test (each
 * with its own orders): latency, 5xx, timeouts, an outage (6 s here; {@code -Deventline.notification.outageSeconds=60}
 * for the issue's 60 s), and bad input. Each asserts the exact enriched output, in sequence per order, none lost
 * and none twice; the outage also the circuit breaker's transitions on the metrics endpoint. Throughput per mode
 * goes to {@code target/notification-figures.txt}.
 */
class NotificationJobITCase {

    private static final int ORDERS = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long OUTAGE_SECONDS = Long.getLong("eventline.notification.outageSeconds", 6);

    static final EmbeddedKafka KAFKA = EmbeddedKafka.shared();
    static final String TOPIC = "notifications-" + System.nanoTime();
    static final String OUTPUT = TOPIC + ".enriched";
    static OrderApiService api;
    static JobClient job;
    static KafkaProducer<byte[], byte[]> producer;
    static TopicTail output;
    static TopicTail deadLetters;
    static final int PROMETHEUS_PORT = freePort();

    // The extension owns the MiniCluster's life (it stops it after every job is gone: a clean fork exit).
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(reporter()).build());

    private static Configuration reporter() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(PROMETHEUS_PORT));
        return conf;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopics(2, TOPIC, OUTPUT, TOPIC + ".dlq");
        api = new OrderApiService();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        output = new TopicTail(KAFKA.bootstrapServers(), OUTPUT, 2);
        deadLetters = new TopicTail(KAFKA.bootstrapServers(), TOPIC + ".dlq", 2);
    }

    /**
     * The one job, started before the first test: here and not in {@code @BeforeAll}, because the extension makes
     * its MiniCluster the execution environment per test; the job then runs on until {@code @AfterAll}.
     */
    @BeforeEach
    void startJobOnce() throws Exception {
        if (job != null) {
            return;
        }
        job = startJob("notification-it",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", TOPIC, "--output-topic", OUTPUT,
                "--group-id", TOPIC, "--details-url", api.url(), "--starting-offsets", "earliest",
                "--call-timeout", "PT1S", "--max-attempts", "1000", "--initial-backoff", "PT0.05S",
                "--max-backoff", "PT1S", "--operator-timeout", "PT5M", "--capacity", "50",
                "--max-concurrent-calls", "8", "--breaker-window", "10", "--breaker-open-wait", "PT1S",
                "--checkpoint-interval", "PT1S", "--parallelism", "2");
        // The job reading and publishing before any mode is timed: the first mode's figure is not start-up time.
        api.put("startup-ord-0", "cust-0", "Start", "placed", 1, "1.00");
        producer.send(new ProducerRecord<>(TOPIC, bytes("startup-ord-0"),
                json("evt-startup", "OrderPlacedNotification", "startup-ord-0", 1))).get();
        output.await(r -> key(r).startsWith("startup-"), 1, WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
            try {
                job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (Exception cancelled) {
                // expected: cancelled
            }
        }
        if (output != null) {
            output.close();
            deadLetters.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @AfterEach
    void heal() throws Exception {
        api.healthy();
    }

    @Test
    void withoutFaults() throws Exception {
        assertExactOutput("base", run("base"));
    }

    @Test
    void slowApi() throws Exception {
        api.latencyMs = 100;
        assertExactOutput("latency", run("latency"));
    }

    @Test
    void everyThirdCallIs503() throws Exception {
        api.failEvery = 3;
        assertExactOutputAndFailures("5xx", "http-5xx", 3);
    }

    @Test
    void everyFourthCallHangsPastTheCallTimeout() throws Exception {
        api.hangEvery = 4;
        api.hangMs = 3_000;
        assertExactOutputAndFailures("timeouts", "timeout", 4);
    }

    /** The mode's exact output, and about every n-th first call failed with that reason (retries fail too). */
    private void assertExactOutputAndFailures(String mode, String reason, int every) throws Exception {
        long before = failures(reason);
        assertExactOutput(mode, run(mode));
        assertThat(failures(reason) - before).isGreaterThanOrEqualTo(ORDERS * 3 / every - 2);
    }

    @Test
    void anOutageOpensTheBreakerAndNothingIsLost() throws Exception {
        // From closed breakers: an open one (left by an earlier mode) leaves OPEN only when calls are tried.
        assertExactOutput("before the outage", run("warmup"));
        awaitBreakersClosed();
        Map<String, Double> before = transitions();
        api.outage();
        List<EnrichedNotification> expected = send("outage");
        Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS));
        assertThat(output.matching(r -> key(r).startsWith("outage-"))).isEmpty();
        // Not closed during the outage: open (1), or half-open (2) while a trial call is on its way to fail.
        assertThat(breakerStates()).anyMatch(state -> state == 1.0 || state == 2.0);
        api.recover();
        long recoveredAt = System.nanoTime();
        List<TopicTail.Received> received = output.await(r -> key(r).startsWith("outage-"), expected.size(), WAIT);
        assertExactOutput("outage (" + OUTAGE_SECONDS + " s, throughput after recovery)",
                new Run(expected, received, recoveredAt));
        Map<String, Double> after = transitions();
        for (String t : List.of("CLOSED_TO_OPEN", "OPEN_TO_HALF_OPEN", "HALF_OPEN_TO_CLOSED")) {
            assertThat(after.getOrDefault(t, 0.0) - before.getOrDefault(t, 0.0)).as(t).isGreaterThanOrEqualTo(1.0);
        }
        awaitBreakersClosed();
    }

    private static void awaitBreakersClosed() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!breakerStates().stream().allMatch(s -> s == 0.0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(breakerStates()).hasSize(2).containsOnly(0.0);
    }

    @Test
    void badInputAndUnknownOrdersAreDeadLetteredAndTheRestFlows() throws Exception {
        api.put("poison-ord-1", "cust-1", "Ada", "placed", 1, "10.00");
        producer.send(new ProducerRecord<>(TOPIC, bytes("junk"), bytes("not a notification"))).get();
        producer.send(new ProducerRecord<>(TOPIC, bytes("poison-ord-404"), json("evt-404", "OrderPlacedNotification",
                "poison-ord-404", 1))).get();
        producer.send(new ProducerRecord<>(TOPIC, bytes("poison-ord-1"), json("evt-p1", "OrderPlacedNotification",
                "poison-ord-1", 1))).get();
        List<TopicTail.Received> letters = deadLetters.await(r -> true, 2, WAIT);
        assertThat(letters).extracting(r -> header(r.record(), "dlq-stage") + "/" + header(r.record(), "dlq-reason")
                + "/" + header(r.record(), "dlq-aggregate-id")).containsExactlyInAnyOrder(
                        "deserialize/malformed/null", "enrich/order-unknown/poison-ord-404");
        List<TopicTail.Received> out = output.await(r -> key(r).startsWith("poison-"), 1, WAIT);
        assertThat(NotificationJson.MAPPER.readValue(out.get(0).record().value(), EnrichedNotification.class))
                .isEqualTo(enriched("evt-p1", "OrderPlacedNotification", "poison-ord-1", 1, "cust-1", "Ada", "placed", 1,
                        "10.00"));
    }

    record Run(List<EnrichedNotification> expected, List<TopicTail.Received> received, long sentAtNanos) {}

    /** Registers the mode's orders with the API, sends 3 notifications per order, awaits as many outputs. */
    private Run run(String mode) throws Exception {
        long sentAt = System.nanoTime();
        List<EnrichedNotification> expected = send(mode);
        return new Run(expected, output.await(r -> key(r).startsWith(mode + "-"), expected.size(), WAIT), sentAt);
    }

    private List<EnrichedNotification> send(String mode) throws Exception {
        List<EnrichedNotification> expected = new ArrayList<>();
        String[] types = {"OrderPlacedNotification", "OrderPaidNotification", "OrderShippedNotification"};
        for (int i = 0; i < ORDERS; i++) {
            String id = mode + "-ord-" + i;
            String total = (10 + i) + ".50";
            api.put(id, "cust-" + (i % 7), "Customer " + (i % 7), "paid", 1 + i % 3, total);
        }
        // Round-robin over orders, so each order's notifications interleave with the others'.
        for (int seq = 1; seq <= 3; seq++) {
            for (int i = 0; i < ORDERS; i++) {
                String id = mode + "-ord-" + i;
                String eventId = "evt-" + id + "-" + seq;
                producer.send(new ProducerRecord<>(TOPIC, bytes(id), json(eventId, types[seq - 1], id, seq)));
                expected.add(enriched(eventId, types[seq - 1], id, seq, "cust-" + (i % 7), "Customer " + (i % 7), "paid",
                        1 + i % 3, (10 + i) + ".50"));
            }
        }
        producer.flush();
        return expected;
    }

    private static void assertExactOutput(String mode, Run run) throws Exception {
        List<EnrichedNotification> got = new ArrayList<>();
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        for (TopicTail.Received r : run.received()) {
            EnrichedNotification e = NotificationJson.MAPPER.readValue(r.record().value(), EnrichedNotification.class);
            got.add(e);
            sequences.computeIfAbsent(e.orderId, k -> new ArrayList<>()).add(e.sequenceNumber);
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(run.expected()); // none lost, none twice, exact fields
        assertThat(sequences).hasSize(ORDERS).allSatisfy((order, seqs) -> assertThat(seqs).as(order).containsExactly(1L, 2L, 3L));
        long last = run.received().stream().mapToLong(TopicTail.Received::atNanos).max().orElseThrow();
        double seconds = (last - run.sentAtNanos()) / 1e9;
        String line = String.format("%-45s %4d notifications in %6.2f s: %7.1f/s%n", mode, got.size(), seconds,
                got.size() / seconds);
        System.out.print(line);
        Files.writeString(Path.of("target", "notification-figures.txt"), line, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** The job as {@code main} wires it, from its command line, on the test's MiniCluster with generic types off. */
    static JobClient startJob(String name, String... args) throws Exception {
        NotificationJobOptions options = new NotificationJobOptions();
        new picocli.CommandLine(options).parseArgs(args);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        NotificationJob.wire(env, options);
        return env.executeAsync(name);
    }

    static EnrichedNotification enriched(String eventId, String type, String orderId, long seq, String customerId,
            String name, String status, int items, String total) {
        OrderDetails d = new OrderDetails();
        d.orderId = orderId;
        d.customerId = customerId;
        d.customerName = name;
        d.status = status;
        d.itemCount = items;
        d.total = new BigDecimal(total);
        d.currency = "USD";
        EnrichedNotification e = new EnrichedNotification();
        e.eventId = eventId;
        e.eventType = type;
        e.orderId = orderId;
        e.sequenceNumber = seq;
        e.order = d;
        return e;
    }

    static byte[] json(String eventId, String type, String orderId, long seq) {
        return NotificationJson.write(new OrderNotification(eventId, type, orderId, seq));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "null" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + PROMETHEUS_PORT + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(l -> !l.startsWith("#")).toList();
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** circuitBreakerTransitions per transition, summed over subtasks. */
    private static Map<String, Double> transitions() throws Exception {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String line : scrape()) {
            int brace = line.indexOf('{');
            if (brace > 0 && line.substring(0, brace).endsWith("circuitBreakerTransitions")) {
                int at = line.indexOf("transition=\"") + "transition=\"".length();
                sums.merge(line.substring(at, line.indexOf('"', at)), value(line), Double::sum);
            }
        }
        return sums;
    }

    /** circuitBreakerState of each subtask. */
    private static List<Double> breakerStates() throws Exception {
        return scrape().stream().filter(l -> l.indexOf('{') > 0 && l.substring(0, l.indexOf('{'))
                .endsWith("_circuitBreakerState")).map(NotificationJobITCase::value).toList();
    }

    /** enrichmentFailures of one reason, summed over subtasks (the reporter writes label values with '_' for '-'). */
    private static long failures(String reason) throws Exception {
        return (long) scrape().stream().filter(l -> l.indexOf('{') > 0 && l.substring(0, l.indexOf('{'))
                .endsWith("enrichmentFailures") && l.contains("reason=\"" + reason.replace('-', '_') + "\""))
                .mapToDouble(NotificationJobITCase::value).sum();
    }
}
