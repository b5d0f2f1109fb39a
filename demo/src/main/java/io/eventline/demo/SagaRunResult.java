package io.eventline.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One run of the saga fault suite: what was injected, how the sagas ended, every oracle's verdict. */
record SagaRunResult(int sagas, long seed, Map<String, Integer> states, List<SagaOracle.Check> checks,
        int taskManagerKills, int participantKills, int participantRestarts, long jobRestarts, List<String> restartCauses,
        long placeMillis, long totalMillis, String loadBefore, String loadAfter) {

    int count(String state) {
        return states.getOrDefault(state, 0);
    }

    /** Sagas not COMPLETED or COMPENSATED at the end (STUCK, or still running when the suite gave up). */
    int notFinal() {
        return sagas - count("COMPLETED") - count("COMPENSATED");
    }

    boolean passed() {
        return notFinal() == 0 && checks.stream().allMatch(SagaOracle.Check::passed);
    }

    String summary() {
        return String.format("saga fault suite: %s; %d sagas, %d completed, %d compensated, %d not final; %d job restarts"
                        + " (%d TaskManager kills), %d participant kills, %d participant restarts; %.0f s",
                passed() ? "PASS" : "FAIL", sagas, count("COMPLETED"), count("COMPENSATED"), notFinal(), jobRestarts,
                taskManagerKills, participantKills, participantRestarts, totalMillis / 1000.0);
    }

    String markdown(String command) {
        StringBuilder md = new StringBuilder("# Saga fault suite results\n\n");
        md.append("Verdict: **").append(passed() ? "PASS" : "FAIL").append("**. Run ").append(Instant.now())
                .append(" with `").append(command).append("` (seed ").append(seed).append(").\n\n");
        md.append("The orchestrator job (shaded `saga/target/eventline-saga-*-job.jar`) on the standalone cluster of")
                .append(" deploy/scripts, the three participants as `deploy/scripts/saga-participant.sh` processes with")
                .append(" random faults (refusals, duplicate and dropped replies, crashes after applying a command,")
                .append(" restarted by a watchdog), the orchestrator's TaskManager SIGKILLed mid-run and started again")
                .append(" after a delay, a participant SIGKILLed and started again. Load average (1, 5, 15 min) before: ")
                .append(loadBefore).append("; after: ").append(loadAfter).append(".\n\n");
        md.append("| sagas | completed | compensated | not final (stuck) | job restarts | TaskManager kills |")
                .append(" participant kills | participant restarts | placing | total |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(String.format("| %d | %d | %d | %d | %d | %d | %d | %d | %.0f s | %.0f s |%n%n", sagas,
                count("COMPLETED"), count("COMPENSATED"), notFinal(), jobRestarts, taskManagerKills, participantKills,
                participantRestarts, placeMillis / 1000.0, totalMillis / 1000.0));
        md.append("Final states in `saga_instance`: ").append(states).append(".\n\n");
        md.append("| oracle | verdict | detail |\n|---|---|---|\n");
        for (SagaOracle.Check c : checks) {
            md.append("| ").append(c.name()).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" | ")
                    .append(c.detail().replace("|", "\\|")).append(" |\n");
        }
        md.append("\nJob restarts and their root causes (the job's exception history):\n\n");
        if (restartCauses.isEmpty()) {
            md.append("- none\n");
        }
        restartCauses.forEach(c -> md.append("- ").append(c.replace("\n", " ")).append('\n'));
        return md.toString();
    }
}
