package io.eventline.bench;

import io.eventline.testkit.workload.OrderWorkload;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What every run gets: the options, the shared services, the backlog in the topic, the report to add notes to. */
final class BenchContext {

    final BenchOptions options;
    final BenchServices services;
    final OrderWorkload backlog;
    /** Records of the backlog in the topic. */
    final long records;
    final Report report;
    /** Rows per second run 5 wrote, for run 6's ratio; 0 until run 5 ran. */
    double productRowsPerSecond;
    private long runCounter;

    BenchContext(BenchOptions options, BenchServices services, OrderWorkload backlog, Report report) {
        this.options = options;
        this.services = services;
        this.backlog = backlog;
        this.records = backlog.records();
        this.report = report;
    }

    /** A name unique within this benchmark for run {@code number} (consumer group, checkpoint dir, sink store). */
    String runId(int number) {
        return "run" + number + "-" + (++runCounter);
    }

    /**
     * Waits until {@code done}; returns the time it was first observed, or -1 when the progress the job reports
     * stopped changing for a while before reaching it (a wrong result: the caller's check says what differs).
     */
    long await(FlinkRun job, BooleanSupplier done, Supplier<String> progress, long pollMs, String what) throws Exception {
        long deadline = System.nanoTime() + options.runTimeout.toNanos();
        long lastReport = System.nanoTime();
        long quietNanos = Math.max(30_000_000_000L, 5 * options.gapTimeout.toNanos());
        String last = progress.get();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            job.checkAlive();
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("timed out after " + options.runTimeout + " waiting for " + what + "; " + last);
            }
            String p = progress.get();
            if (!p.equals(last)) {
                last = p;
                lastChange = now;
            } else if (now - lastChange > quietNanos) {
                BenchHarness.say("  no progress for " + quietNanos / 1_000_000_000L + " s before reaching " + what + ": " + p);
                return -1;
            }
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                BenchHarness.say("  ... " + p);
            }
            Thread.sleep(pollMs);
        }
        return System.nanoTime();
    }
}
