package io.eventline.demo;

import io.eventline.testkit.check.ReadModelChecker;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A soak run's figures and verdict: after warm-up, the live heap after a full GC, state bytes per aggregate and the
 * median checkpoint duration of a trailing window (the checkpoints of the last few minutes, sampled each minute)
 * must each stay within the tolerance of their mean, the rows must equal the expectation, and the job must not have
 * restarted. Reported beside them, not judged: each minute's own median and longest checkpoint. The longest is
 * one checkpoint's scheduling luck on a shared two-core machine. The minute's own median, of some 30 checkpoints,
 * varied by ±8% (one sigma) between the minutes of steady 30-minute runs with no trend (1 Dec, two runs), so a
 * ±15% bound over 23 minutes fails on sampling noise alone about three times in four; the window's median (of
 * about 90) keeps a growth trend whole and takes that noise out. (The state itself grows with the aggregates: the
 * ordering progress of an aggregate is kept for as long as the job runs, see the README's ordering section; per
 * aggregate it is flat.)
 */
record SoakReport(long backlogRecords, double backlogSeconds, double soakRate, long soakRecords,
        List<SoakSample> samples, long warmUpMillis, double tolerance, ReadModelChecker.Result rows, long restarts,
        List<String> restartCauses) {

    /** A figure's spread after warm-up: mean, and min/max as deviations from the mean. */
    record Spread(String name, double mean, double low, double high, boolean flat, boolean judged) {}

    /**
     * The samples after warm-up whose whole minute carried the soak's traffic: records were sent since the previous
     * sample and the workload was not yet all sent. The workload is sized to end just before the duration; the
     * minute in which it ran out was only partly loaded (its checkpoints short), and a minute of an idle job is not
     * the load.
     */
    List<SoakSample> judged() {
        List<SoakSample> judged = new java.util.ArrayList<>();
        long sentBefore = 0;
        for (SoakSample s : samples) {
            if (s.elapsedMillis() >= warmUpMillis && s.recordsSent() > sentBefore && s.recordsSent() < soakRecords) {
                judged.add(s);
            }
            sentBefore = s.recordsSent();
        }
        return judged;
    }

    List<Spread> spreads() {
        return List.of(spread("live heap after GC (MiB)", s -> s.heapAfterGcBytes() / 1048576.0, true),
                spread("state bytes per aggregate", SoakSample::stateBytesPerAggregate, true),
                spread("median checkpoint, trailing window (ms)", s -> s.windowMedianCheckpointMillis(), true),
                spread("median checkpoint per minute (ms), not judged", s -> s.medianCheckpointMillis(), false),
                spread("longest checkpoint per minute (ms), not judged", s -> s.maxCheckpointMillis(), false));
    }

    private Spread spread(String name, ToDoubleFunction<SoakSample> figure, boolean judged) {
        double[] values = judged().stream().mapToDouble(figure).filter(v -> v >= 0).toArray();
        if (values.length < 2) {
            return new Spread(name, Double.NaN, Double.NaN, Double.NaN, false, judged);
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double low = java.util.Arrays.stream(values).min().orElseThrow() / mean - 1;
        double high = java.util.Arrays.stream(values).max().orElseThrow() / mean - 1;
        return new Spread(name, mean, low, high, -low <= tolerance && high <= tolerance, judged);
    }

    boolean passed() {
        return rows != null && rows.ok() && restarts == 0 && spreads().stream().filter(Spread::judged).allMatch(Spread::flat);
    }

    String verdictLine() {
        return (passed() ? "PASS" : "FAIL") + ": " + spreads() + "; rows " + (rows == null ? "never readable" : rows.summary())
                + "; job restarts " + restarts;
    }

    String markdown(String command) {
        StringBuilder md = new StringBuilder("# Soak results\n\n");
        md.append("Produced by `").append(command).append("` on ").append(Instant.now()).append(".\n\n");
        md.append(String.format("Backlog: %,d records read in %.1f s (%,.0f records/s, from submission, including the "
                + "job's start). Soak: %,d records at %,.0f records/s. Samples after %d s of warm-up whose whole minute carried the traffic are judged; "
                + "tolerance ±%.0f%% of the mean.%n%n", backlogRecords, backlogSeconds, backlogRecords / backlogSeconds,
                soakRecords, soakRate, warmUpMillis / 1000, tolerance * 100));
        md.append("| figure (after warm-up) | mean | min | max | flat |\n|---|---:|---:|---:|---|\n");
        for (Spread s : spreads()) {
            md.append(String.format("| %s | %,.1f | %+.1f%% | %+.1f%% | %s |%n", s.name(), s.mean(), s.low() * 100,
                    s.high() * 100, s.flat() ? "yes" : s.judged() ? "no" : "no (not judged)"));
        }
        md.append("\n**Verdict: ").append(passed() ? "PASS" : "FAIL").append("**\n\n");
        md.append("- rows: ").append(rows == null ? "never readable" : rows.summary()).append('\n');
        md.append("- job restarts during the soak: ").append(restarts).append('\n');
        restartCauses.forEach(c -> md.append("  - ").append(c.replace("|", "\\|")).append('\n'));
        md.append("\n| minute | records sent | live heap after GC (MiB) | state (MiB) | order rows | state B/aggregate "
                + "| median checkpoint, window (ms) | median checkpoint (ms) | longest checkpoint (ms) | checkpoints |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SoakSample s : samples) {
            md.append(String.format("| %.0f | %,d | %.1f | %.1f | %,d | %.0f | %d | %d | %d | %d |%n",
                    s.elapsedMillis() / 60000.0, s.recordsSent(), s.heapAfterGcBytes() / 1048576.0,
                    s.stateBytes() / 1048576.0, s.aggregates(), s.stateBytesPerAggregate(),
                    s.windowMedianCheckpointMillis(), s.medianCheckpointMillis(),
                    s.maxCheckpointMillis(), s.checkpoints()));
        }
        return md.toString();
    }
}
