package io.eventline.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.EmbeddedKafka;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Kafka as the event store: {@code deploy/scripts/kafka.sh topic} creates an event topic that keeps its whole
 * history, and {@code kafka.sh keep-history} turns an existing topic (created with a 7-day retention) into one; run as processes against the test broker ({@code KAFKA_BOOTSTRAP}).
 */
class EventTopicRetentionITCase {

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void eventTopicsKeepTheirFullHistory() throws Exception {
        String created = "history-events-" + System.nanoTime();
        kafkaScript("topic", created, "2");
        assertThat(retention(created)).containsExactly(
                Map.entry("cleanup.policy", "delete"), Map.entry("retention.bytes", "-1"), Map.entry("retention.ms", "-1"));

        String existing = "history-existing-" + System.nanoTime();
        kafka.createTopics(1, Map.of("retention.ms", "604800000"), existing); // a topic of the common 7-day kind
        assertThat(retention(existing)).containsEntry("retention.ms", "604800000");
        kafkaScript("keep-history", existing);
        assertThat(retention(existing)).containsExactly(
                Map.entry("cleanup.policy", "delete"), Map.entry("retention.bytes", "-1"), Map.entry("retention.ms", "-1"));
    }

    private void kafkaScript(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                HistoryScript.root().resolve("deploy/scripts/kafka.sh").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("kafka-sh", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(HistoryScript.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("kafka.sh " + String.join(" ", args) + " finished").isTrue();
        assertThat(process.exitValue()).as("kafka.sh " + String.join(" ", args) + ": " + Files.readString(log)).isZero();
        Files.deleteIfExists(log);
    }

    private Map<String, String> retention(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            Map<String, String> out = new java.util.TreeMap<>();
            for (String key : List.of("cleanup.policy", "retention.bytes", "retention.ms")) {
                out.put(key, config.get(key).value());
            }
            return out;
        }
    }
}
