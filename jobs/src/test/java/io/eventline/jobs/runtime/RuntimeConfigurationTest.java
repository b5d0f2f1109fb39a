package io.eventline.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** The local defaults and the deploy files (the cluster's one source) agree wherever both set a key. */
class RuntimeConfigurationTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void localDefaultsAgreeWithTheStandaloneClustersConfigYaml() throws Exception {
        Map<String, String> cluster = flatten(YAML.readTree(DEPLOY.resolve("flink/conf/config.yaml").toFile()));
        assertAgree(cluster, "config.yaml");
    }

    @Test
    void localDefaultsAgreeWithTheFlinkDeployment() throws Exception {
        JsonNode deployment = YAML.readTree(DEPLOY.resolve("k8s/flinkdeployment.yaml").toFile());
        Map<String, String> cluster = flatten(deployment.path("spec").path("flinkConfiguration"));
        assertAgree(cluster, "flinkdeployment.yaml");
    }

    @Test
    void explicitOptionsAloneGoToAClusterAndOverrideTheLocalDefaults() {
        assertThat(RuntimeConfiguration.explicitSettings(null, null).toMap()).isEmpty();
        assertThat(RuntimeConfiguration.explicitSettings("s3://b/cp", Duration.ofSeconds(30)).toMap())
                .containsOnly(Map.entry("execution.checkpointing.dir", "s3://b/cp"),
                        Map.entry("execution.checkpointing.interval", "30000 ms"));

        Configuration local = RuntimeConfiguration.local(null, null);
        assertThat(local.toMap()).containsAllEntriesOf(RuntimeConfiguration.LOCAL_DEFAULTS)
                .containsEntry("execution.checkpointing.dir", RuntimeConfiguration.LOCAL_CHECKPOINT_DIR);
        assertThat(RuntimeConfiguration.local("file:///x", Duration.ofSeconds(2)).toMap())
                .containsEntry("execution.checkpointing.dir", "file:///x")
                .containsEntry("execution.checkpointing.interval", "2000 ms")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "1min");
    }

    /** Every shared key has the same value; and the deploy file sets at least the state and restart keys. */
    private static void assertAgree(Map<String, String> cluster, String file) {
        List<String> differences = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, String> local : RuntimeConfiguration.LOCAL_DEFAULTS.entrySet()) {
            String there = cluster.get(local.getKey());
            if (there != null) {
                shared++;
                if (!sameValue(local.getValue(), there)) {
                    differences.add(local.getKey() + ": local " + local.getValue() + ", " + file + " " + there);
                }
            }
        }
        assertThat(differences).as("keys set differently locally and in " + file).isEmpty();
        assertThat(cluster).as(file).containsKeys("state.backend.type", "execution.checkpointing.interval",
                "restart-strategy.type", "restart-strategy.exponential-delay.max-backoff");
        assertThat(shared).isGreaterThanOrEqualTo(8);
    }

    /** Equal as Flink reads them: "1min" and "60 s" are the same duration, "2.0" and "2" the same number. */
    private static boolean sameValue(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException notNumbers) {
            // fall through
        }
        try {
            return TimeUtils.parseDuration(a).equals(TimeUtils.parseDuration(b));
        } catch (RuntimeException notDurations) {
            return false;
        }
    }

    /** Flink's nested YAML (config.yaml) and flat keys (flinkConfiguration) both become "a.b.c" keys. */
    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (!node.isMissingNode()) {
            out.put(prefix, node.asText());
        }
    }
}
