package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import picocli.CommandLine;

/**
 * The CI-sized saga fault suite: the orchestrator's shaded job (saga/target, built earlier in the reactor) on a
 * standalone cluster of deploy/scripts with ports of its own (Kafka 29192, Flink 28181/26223, PostgreSQL 15436,
 * registry 18091: beside the order fault suite, the soak and a saga-faults.sh run), the participants as
 * saga-participant.sh processes with random faults, 50 sagas while the TaskManager is SIGKILLed once (down 5 s)
 * and a participant is SIGKILLed once. The long run is {@code deploy/scripts/saga-faults.sh}.
 *
 * <p>Opt-in ({@code -Deventline.saga.cluster=true}) for its time: a second stack's start and stop took 7-14 minutes
 * at load 40-50, beyond what the suite's budget leaves beside ClusterFaultsITCase; the orchestrator's failover is
 * in the suite through FulfilmentSagaITCase (a TaskManager kill on a MiniCluster).
 */
@EnabledIfSystemProperty(named = "eventline.saga.cluster", matches = "true")
class SagaClusterFaultsITCase {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void everySagaEndsCompletedOrCompensatedAndTheParticipantsAgreeAfterATaskManagerAndAParticipantDied() throws Exception {
        SagaFaultSuite suite = new SagaFaultSuite();
        new CommandLine(suite).parseArgs("--repository", ROOT.toString(),
                "--home", ROOT.resolve("demo/target/saga-faults-itcase").toString(),
                "--sagas", "50", "--rate", "10", "--taskmanager-kills", "1", "--restart-delay", "PT5S",
                "--participant-kills", "1", "--participant-down", "PT5S", "--step-timeout", "PT5S",
                "--settle-timeout", "PT4M", "--settle-stall", "PT2M");
        suite.ports = StandaloneCluster.Ports.SAGA_ITCASE;

        SagaRunResult result = suite.run();
        System.out.println(result.markdown("SagaClusterFaultsITCase"));

        assertThat(result.count("COMPLETED") + result.count("COMPENSATED")).as(result.summary()).isEqualTo(50);
        assertThat(result.count("COMPLETED")).as("completed").isPositive();
        assertThat(result.count("COMPENSATED")).as("compensated").isPositive();
        assertThat(result.checks()).as("oracles").allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(result.checks()).hasSize(9);
        assertThat(result.taskManagerKills()).isEqualTo(1);
        assertThat(result.participantKills()).isEqualTo(1);
        assertThat(result.jobRestarts()).as("the job restarted after the TaskManager kill").isGreaterThanOrEqualTo(1);
        assertThat(result.passed()).as(result.summary()).isTrue();
    }
}
