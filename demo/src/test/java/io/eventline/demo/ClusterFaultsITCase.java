package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CI-sized fault suite: the shaded job on the standalone cluster of deploy/scripts (fixed ports 9092, 8081,
 * 18085, 15433, as the demo module's other cluster tests: by hand, run it under
 * {@code flock /tmp/eventline-fixed-ports.lock}), 20K events with gaps, duplicates
 * and reordering, while one TaskManager is SIGKILLed and kept down longer than the gap timeout, PostgreSQL is
 * stopped for 10 s, the broker restarts and the registry is down across a job restart. The full-sized run is
 * {@code deploy/scripts/faults.sh}. Part of {@code mvn verify} (about 5 minutes).
 */
class ClusterFaultsITCase {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void everyFaultIsSurvivedWithExactlyTheExpectedRowsAndDeadLetters() throws Exception {
        FaultSuite suite = new FaultSuite();
        new CommandLine(suite).parseArgs("--repository", ROOT.toString(),
                "--home", ROOT.resolve("demo/target/faults-itcase").toString(),
                "--events", "20000", "--taskmanager-kills", "1", "--restart-delay", "PT15S", "--gap-timeout", "PT10S",
                "--postgres-outage", "PT10S", "--postgres-freeze", "PT0S", "--registry-outage", "PT20S",
                "--kafka-restart", "true", "--recovery-timeout", "PT2M", "--settle-timeout", "PT2M");

        FaultRunResult result = suite.run();
        System.out.println(result.markdown("ClusterFaultsITCase"));

        assertThat(result.outcomes()).extracting(FaultOutcome::kind).containsExactlyInAnyOrder(
                FaultKind.TASKMANAGER_KILL, FaultKind.POSTGRES_STOP, FaultKind.KAFKA_RESTART,
                FaultKind.REGISTRY_DOWN_WITH_RESTART);
        assertThat(result.outcomes()).as("faults not recovered from").allMatch(FaultOutcome::survived);
        assertThat(result.rows()).as("read models readable").isNotNull();
        assertThat(result.rows().mismatches()).as("read-model differences").isEmpty();
        assertThat(result.rows().orderRows()).isEqualTo(result.rows().expectedOrders());
        assertThat(result.rows().customerRows()).isEqualTo(result.rows().expectedCustomers());
        assertThat(result.deadLetters()).as("distinct dead letters by reason").isEqualTo(result.expectedDeadLetters());
        assertThat(result.accounting().produced()).as("events produced").isGreaterThan(19_000);
        assertThat(result.accounting().lost()).as(result.accounting().toString()).isZero();
        assertThat(result.accounting().doubleApplied()).as(result.accounting().toString()).isZero();
        assertThat(result.accounting().deadLetteredTwice()).as(result.accounting().toString()).isZero();
        assertThat(result.violations()).as("history violations").isEmpty();
        assertThat(result.historyPolls()).as("history polls").isGreaterThan(20);
    }
}
