package io.eventline.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules through Prometheus' own tool: {@code promtool check rules} (syntax, templates) and
 * {@code promtool test rules} over the test series of {@code deploy/monitoring/tests}, where every alert has a case
 * that fires it and one that must not.
 */
class AlertRulesTest {

    static final Path MONITORING = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/monitoring");

    @Test
    void rulesAreValid() throws Exception {
        Result result = promtool("check", "rules", MONITORING.resolve("eventline-alerts.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void everyAlertFiresOnItsTestSeriesAndOnlyThere() throws Exception {
        Result result = promtool("test", "rules", MONITORING.resolve("tests/eventline-alerts.test.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasATestCase() throws IOException {
        String rules = Files.readString(MONITORING.resolve("eventline-alerts.yml"));
        String tests = Files.readString(MONITORING.resolve("tests/eventline-alerts.test.yml"));
        List<String> alerts = rules.lines().map(String::strip).filter(l -> l.startsWith("- alert: "))
                .map(l -> l.substring("- alert: ".length())).toList();
        assertThat(alerts).hasSize(8);
        for (String alert : alerts) {
            assertThat(tests).as("test case for " + alert).contains("alertname: " + alert);
        }
    }

    record Result(int exitCode, String output) {}

    static Result promtool(String... args) throws Exception {
        Path promtool = Path.of(System.getProperty("eventline.promtool.bin", "/usr/bin/promtool"));
        assertThat(promtool).as("promtool (apt-get install -y prometheus; deploy/scripts/setup.sh does)").isExecutable();
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
