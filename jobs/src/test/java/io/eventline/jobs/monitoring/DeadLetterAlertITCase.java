package io.eventline.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PrometheusServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The alert path end to end: the job (wired as in production) exposes its dead-letter counters through Flink's
 * Prometheus reporter, a real Prometheus scrapes them and evaluates the shipped rules, and the read-model alert
 * fires for exactly the reason the job dead-lettered, with the counter at exactly the number of dead letters.
 */
class DeadLetterAlertITCase {

    private static final String METRIC = "flink_taskmanager_job_task_operator_deadLettersWritten_stage_reason_count";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void conflictingEventsFireTheReadModelAlert() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String name = "alerts-" + System.nanoTime();
        kafka.createTopics(1, name, name + ".dlq");
        Path work = Files.createTempDirectory("eventline-alerts");
        JobOptions options = JobCommandLine.parse(
                "--job-name", name,
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", name,
                "--group-id", name,
                "--registry-url", registry.ccompatUrl(),
                "--starting-offsets", "earliest",
                "--jdbc-url", "jdbc:sqlite:" + work.resolve("alerts.db"),
                "--create-tables",
                "--sink-flush-interval", "PT0.2S",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "PT2S");
        int reporterPort = PrometheusServer.freePort();
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        conf.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(reporterPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        OrderProjectionsJob.wire(env, options);
        JobClient job = env.executeAsync(name);
        try (PrometheusServer prometheus = PrometheusServer.start(List.of("127.0.0.1:" + reporterPort),
                List.of(AlertRulesTest.MONITORING.resolve("eventline-alerts.yml")));
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // The reporter turns '-' into '_' in label values: the job name too.
            String jobLabel = name.replace('-', '_');
            String conflicts = METRIC + "{job_name=\"" + jobLabel + "\", reason=\"conflict\"}";
            // The counters are registered at zero: Prometheus must have seen 0 before the first dead letter, or
            // increase() has no base to grow from.
            JsonNode zero = await(() -> prometheus.query("sum(" + conflicts + ")"),
                    answer -> answer.path("data").path("result").size() == 1, 60,
                    () -> "the zero counter scraped; the reporter serves: " + reporterLines(reporterPort));
            assertThat(zero.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("0");

            for (String order : List.of("ord-1", "ord-2")) {
                send(producer, name, order, placed(order, "evt-" + order + "-a"));
                // The same sequence number with another eventId: a conflict, dead-lettered at once.
                send(producer, name, order, placed(order, "evt-" + order + "-b"));
            }

            JsonNode firing = await(prometheus::alerts,
                    answer -> !alerts(answer, "firing").isEmpty(), 90, () -> "an alert firing");
            List<JsonNode> fired = alerts(firing, "firing");
            assertThat(fired).hasSize(1);
            JsonNode alert = fired.get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("EventlineReadModelAtRisk");
            assertThat(alert.path("labels").path("job_name").asText()).isEqualTo(jobLabel);
            assertThat(alert.path("labels").path("reason").asText()).isEqualTo("conflict");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("ticket");

            JsonNode total = await(() -> prometheus.query("sum(" + conflicts + ")"),
                    answer -> "2".equals(answer.path("data").path("result").path(0).path("value").path(1).asText()),
                    30, () -> "both conflicts counted");
            assertThat(total.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("2");
            JsonNode others = JSON.readTree(prometheus.query("sum(" + METRIC + "{job_name=\"" + jobLabel
                    + "\", reason!=\"conflict\"})"));
            assertThat(others.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("0");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** What the job's reporter serves of the dead-letter counters, for a failure message. */
    private static String reporterLines(int port) {
        try (java.io.InputStream in = java.net.URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("deadLetters")).limit(5).toList().toString();
        } catch (java.io.IOException e) {
            return "(unreachable: " + e + ")";
        }
    }

    private static List<JsonNode> alerts(JsonNode answer, String state) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode alert : answer.path("data").path("alerts")) {
            if (state.equals(alert.path("state").asText())) {
                matching.add(alert);
            }
        }
        return matching;
    }

    interface Call {
        String get() throws Exception;
    }

    private static JsonNode await(Call call, Predicate<JsonNode> done, int seconds, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(call.get());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what.get() + "; last answer: " + last);
    }

    private static String placed(String orderId, String eventId) {
        return "{\"eventType\":\"OrderPlaced\",\"eventId\":\"" + eventId + "\",\"aggregateType\":\"Order\","
                + "\"aggregateId\":\"" + orderId + "\",\"sequenceNumber\":1,\"timestamp\":\"2026-12-01T10:00:00Z\","
                + "\"version\":\"1.0\",\"payload\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"cust-1\","
                + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":10.00}],\"total\":10.00,"
                + "\"currency\":\"EUR\"}}";
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String json)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8))).get();
    }
}
