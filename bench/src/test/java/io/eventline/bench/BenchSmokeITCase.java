package io.eventline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick mode at a very small size (opt-in: {@code -Deventline.bench.smoke=true}): the three runs of the job's own
 * operators (3: heap, 4: RocksDB, 5: the product with PostgreSQL and its latency phase) against a real broker,
 * registry and PostgreSQL, each run's result checked against the workload's expected read model. The ceilings
 * (runs 1, 2, 6) check only a count, a checksum and rows the loader writes itself, and are left out for time.
 * Correctness only; nothing here asserts a rate.
 *
 * <p>The backlog's record timestamps step {@code --log-rate 2000} records per second of log time, so the 2 s gap
 * timeout is 4,000 records: four times the farthest displacement (1,000 records), and short enough that the
 * permanent gaps expire while the backlog is read rather than after the 2 s idle fallback at its end. The latency
 * phase's records carry their wall-clock send times; at its rate (a few thousand per second) 1,000 records are
 * well within 2 s.
 */
// Opt-in for time, not correctness: it passes (1 Dec, after the bench's log-clock fix), but takes 5.6 min on the
// shared machine at load average 50 (2.5 min of it starting the broker, registry and PostgreSQL) and an estimated
// 1.5 min on a quiet one, over the ~1 min a suite member may take. BenchOptionsTest (in the suite) covers the fix.
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "eventline.bench.smoke", matches = "true",
        disabledReason = "over a minute: mvn -pl bench verify -Deventline.bench.smoke=true")
class BenchSmokeITCase {

    @Test
    void everyRunProducesTheExpectedReadModel(@TempDir Path dir) throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--events", "30000", "--aggregates", "2000",
                "--runs", "3,4,5", "--latency-seconds", "3", "--checkpoint-interval", "2",
                "--gap-timeout", "2", "--log-rate", "2000", "--results-dir", dir.toString(),
                "--work-dir", dir.resolve("work").toString());
        options.label = "smoke";

        Report report = BenchHarness.run(options);
        Path file = report.write();
        String markdown = Files.readString(file);
        System.out.println(markdown);

        assertThat(report.runs()).containsOnlyKeys(3, 4, 5);
        report.runs().values().forEach(run -> assertThat(run.ok()).as("run %d: %s", run.number(), run.check()).isTrue());
        assertThat(report.ok()).isTrue();
        assertThat(markdown).contains("| 5/4 |").contains("p99").contains("Machine:");
    }
}
