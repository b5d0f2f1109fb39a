package io.eventline.demo;

import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.faults.EventAccounting;
import io.eventline.testkit.faults.HistoryChecker;
import io.eventline.testkit.workload.WorkloadSettings;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Everything one fault-suite run measured, its verdict, and the RESULTS.md table of it. */
record FaultRunResult(WorkloadSettings settings, String workload, List<FaultOutcome> outcomes,
        ReadModelChecker.Result rows, Map<String, Long> expectedDeadLetters, Map<String, Long> deadLetters,
        long deadLetterRecords, EventAccounting.Result accounting, List<HistoryChecker.Violation> violations,
        long historyPolls, long failedHistoryPolls, long jobRestarts, List<String> restartCauses, long runMillis,
        long settleMillis) {

    boolean allSurvived() {
        return outcomes.stream().allMatch(FaultOutcome::survived);
    }

    boolean rowsMatch() {
        return rows != null && rows.ok();
    }

    boolean passed() {
        return allSurvived() && rowsMatch() && deadLetters.equals(expectedDeadLetters) && accounting.exact()
                && violations.isEmpty();
    }

    /** History violations seen from a fault's start until a minute after its recovery (or its end). */
    long violationsDuring(FaultOutcome o) {
        long until = (o.survived() ? o.recoveredAt() : o.endedAt()) + 60_000;
        return violations.stream().filter(v -> v.atMillis() >= o.injectedAt() && v.atMillis() <= until).count();
    }

    String summary() {
        return (passed() ? "PASS" : "FAIL") + ": " + outcomes.size() + " faults, " + outcomes.stream()
                .filter(FaultOutcome::survived).count() + " survived; rows "
                + (rows == null ? "never readable" : rows.summary()) + "; dead letters " + deadLetters + " (expected "
                + expectedDeadLetters + "); " + accounting + "; " + violations.size() + " history violations"
                + (violations.isEmpty() ? "" : " e.g. " + violations.subList(0, Math.min(5, violations.size())));
    }

    String markdown(String command) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault suite results\n\n");
        md.append("Produced by `").append(command).append("` on ").append(Instant.now()).append(".\n\n");
        md.append("Workload: ").append(workload).append(".\n\n");
        md.append("| fault | injected | survived | events lost | double-applied | history violations | job restarts "
                + "| time to recover (median / max) |\n|---|---|---|---|---|---|---|---|\n");
        Map<FaultKind, List<FaultOutcome>> byKind = outcomes.stream().collect(Collectors.groupingBy(
                FaultOutcome::kind, () -> new EnumMap<>(FaultKind.class), Collectors.toList()));
        byKind.forEach((kind, list) -> {
            List<Long> times = list.stream().filter(FaultOutcome::survived).map(FaultOutcome::recoveryMillis).sorted()
                    .toList();
            md.append("| ").append(kind.description).append(" | ").append(list.size()).append(" | ")
                    .append(list.stream().filter(FaultOutcome::survived).count()).append(" | see total | see total | ")
                    .append(list.stream().mapToLong(this::violationsDuring).sum()).append(" | ")
                    .append(list.stream().mapToLong(o -> Math.max(0, o.restarts())).sum()).append(" | ")
                    .append(times.isEmpty() ? "never" : seconds(times.get(times.size() / 2)) + " / "
                            + seconds(times.get(times.size() - 1))).append(" |\n");
        });
        md.append("| **whole run** | ").append(outcomes.size()).append(" | ")
                .append(outcomes.stream().filter(FaultOutcome::survived).count()).append(" | ")
                .append(accounting.lost()).append(" | ").append(accounting.doubleApplied()).append(" | ")
                .append(violations.size()).append(" | ").append(jobRestarts).append(" | settled ")
                .append(seconds(settleMillis)).append(" after the last fault |\n\n");
        md.append("**Verdict: ").append(passed() ? "PASS" : "FAIL").append("**\n\n");
        md.append("- rows: ").append(rows == null ? "never readable" : rows.summary()).append('\n');
        md.append("- dead letters (distinct ids) by reason: ").append(deadLetters).append(", expected ")
                .append(expectedDeadLetters).append("; ").append(deadLetterRecords).append(" DLQ records\n");
        md.append("- event accounting: ").append(accounting).append('\n');
        md.append("- history checker: ").append(historyPolls).append(" polls (").append(failedHistoryPolls)
                .append(" failed while the database was down or hung), ").append(violations.size())
                .append(" violations").append(violations.isEmpty() ? "" : ", e.g. "
                        + violations.subList(0, Math.min(5, violations.size()))).append('\n');
        md.append("- run time ").append(seconds(runMillis)).append('\n');
        md.append("- job restarts and their root causes (the job's exception history):\n");
        restartCauses.forEach(c -> md.append("  - ").append(c.replace("|", "\\|")).append('\n'));
        md.append('\n');
        md.append("Events lost and double-applied are counted once for the whole run (the faults share one run); "
                + "history violations are attributed to the fault whose window (start to a minute after recovery) "
                + "they fall in. Time to recover: from the end of the outage until every task runs and a checkpoint "
                + "triggered after the outage completed.\n\n");
        md.append("| # | fault | records sent before | outage (s) | recovered after (s) | restarts |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < outcomes.size(); i++) {
            FaultOutcome o = outcomes.get(i);
            md.append("| ").append(i + 1).append(" | ").append(o.kind().name()).append(" | ").append(o.recordsSentBefore())
                    .append(" | ").append(seconds(o.endedAt() - o.injectedAt())).append(" | ")
                    .append(o.survived() ? seconds(o.recoveryMillis()) : "never").append(" | ").append(o.restarts())
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}
