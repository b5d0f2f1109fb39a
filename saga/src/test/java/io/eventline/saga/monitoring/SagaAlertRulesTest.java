package io.eventline.saga.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring/saga-alerts.yml through Prometheus' promtool: the rules are valid, every alert fires on its
 * test series and stays quiet on the others (tests/saga-alerts.test.yml), and the metric names the rules use
 * are the saga operator's (SagaMetrics: group "saga", reported as ..._operator_saga_&lt;name&gt;).
 */
class SagaAlertRulesTest {

    static final Path MONITORING = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/monitoring");

    @Test
    void rulesAreValidAndEveryAlertFiresOnlyOnItsSeries() throws Exception {
        assertThat(promtool("check", "rules", MONITORING.resolve("saga-alerts.yml").toString()))
                .contains("SUCCESS: 2 rules found");
        assertThat(promtool("test", "rules", MONITORING.resolve("tests/saga-alerts.test.yml").toString()))
                .contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theRulesUseTheOperatorsMetricNames() throws Exception {
        String rules = Files.readString(MONITORING.resolve("saga-alerts.yml"));
        assertThat(rules).contains("flink_taskmanager_job_task_operator_saga_sagasStuck",
                "flink_taskmanager_job_task_operator_saga_deadlineOverrunMs");
        String metrics = Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("common/src/main/java/io/eventline/common/saga/SagaMetrics.java"));
        assertThat(metrics).contains("addGroup(\"saga\")", "counter(\"sagasStuck\")", "gauge(\"deadlineOverrunMs\"");
    }

    /** Runs promtool (apt-get install -y prometheus; deploy/scripts/setup.sh does) and returns its output. */
    private static String promtool(String... args) throws Exception {
        Path promtool = Path.of(System.getProperty("eventline.promtool.bin", "/usr/bin/promtool"));
        assertThat(promtool).isExecutable();
        ProcessBuilder builder = new ProcessBuilder(promtool.toString()).redirectErrorStream(true);
        builder.command().addAll(java.util.List.of(args));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
