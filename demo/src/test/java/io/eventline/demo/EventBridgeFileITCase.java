package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventline.brokers.eventbridge.EventBridgeDeserializer;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.check.DeadLetterCounter;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * {@code --source file --envelope eventbridge}: the demo workload written as Amazon EventBridge events, one JSON per
 * line (as an archive export holds them), with its duplicates, reordering, gaps and invalid envelopes, plus lines
 * that are no EventBridge envelope; the job (as production wires it) reads the file to its end and the read models
 * and dead letters are exactly the workload's.
 */
class EventBridgeFileITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventBridgeArchiveGivesExactReadModelsAndDeadLetters() throws Exception {
        Path dir = Files.createTempDirectory("eventline-eventbridge");
        OrderWorkload workload = new OrderWorkload(WorkloadSettings.demo(300).toBuilder().seed(31).idPrefix("eb-").build());
        List<String> lines = new ArrayList<>();
        int notEventBridge = 0;
        for (Outgoing out : workload.remaining()) {
            if (out.raw() != null) {
                lines.add("{\"not\": \"an EventBridge envelope " + notEventBridge++ + "\"}");
            } else {
                lines.add(eventBridge(out.event()));
            }
        }
        Path file = dir.resolve("orders.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String topic = "eventbridge-" + System.nanoTime();
        kafka.createTopics(1, topic + ".dlq");
        String jdbcUrl = "jdbc:sqlite:" + dir.resolve("eventline.db");
        JobOptions options = JobCommandLine.parse("--source", "file", "--source-names", file.toString(),
                "--envelope", "eventbridge", "--topic", topic, "--job-name", "eventbridge-file",
                "--bootstrap-servers", kafka.bootstrapServers(), "--registry-url", ApicurioRegistry.shared().ccompatUrl(),
                "--jdbc-url", jdbcUrl, "--create-tables",
                "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                OrderProjectionsJob.flinkConfiguration(options));
        OrderProjectionsJob.wire(env, options);
        env.execute("eventbridge-file"); // bounded: returns at the end of the file

        ReadModelChecker.Result result = ReadModelChecker.checkDatabase(jdbcUrl, List.of(workload));
        assertThat(result.mismatches()).isEmpty();
        assertThat(result.orderRows()).isEqualTo(result.expectedOrders());
        assertThat(result.customerRows()).isEqualTo(result.expectedCustomers());

        // the workload's malformed records are lines that are no EventBridge envelope here
        Map<String, Long> expected = new TreeMap<>(workload.expectedDeadLetters());
        long malformed = expected.remove("malformed");
        assertThat(malformed).isEqualTo(notEventBridge);
        expected.put(EventBridgeDeserializer.INVALID, malformed);
        try (DeadLetterCounter dlq = new DeadLetterCounter(kafka.bootstrapServers(), topic + ".dlq")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!dlq.poll().equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(dlq.poll()).isEqualTo(expected);
        }
    }

    /** An event as EventBridge delivers it: the envelope's identity on top, the rest in detail. */
    static String eventBridge(EventEnvelope e) throws Exception {
        ObjectNode envelope = (ObjectNode) JSON.readTree(EnvelopeJson.encode(e));
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", e.getEventId());
        event.put("detail-type", e.getEventType());
        event.put("source", "com.example.orders");
        event.put("account", "111122223333");
        event.put("time", e.getTimestamp().toString());
        event.put("region", "eu-west-1");
        event.putArray("resources");
        ObjectNode detail = event.putObject("detail");
        for (String field : List.of("aggregateType", "aggregateId", "sequenceNumber", "version", "correlationId",
                "causationId", "payload")) {
            if (envelope.has(field)) {
                detail.set(field, envelope.get(field));
            }
        }
        return JSON.writeValueAsString(event);
    }
}
