package io.eventline.bench;

import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.contracts.JdbcCredentials;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.contracts.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Run 5, the product: OrderProjectionsJob.wire as shipped (RocksDB, PostgreSQL upsert sinks, Kafka DLQ) over the
 * backlog, then, on the same job, an open-loop latency phase with a second, disjoint workload.
 */
final class ProductRun implements BenchRun {

    /** Sums of the version columns of order_summary and customer_orders; -1 each while the tables are missing. */
    private record VersionSums(long orders, long customers) {
        boolean reached(long want) {
            return orders >= want && customers >= want;
        }
    }

    @Override
    public Report.Run run(BenchContext ctx) throws Exception {
        BenchOptions bench = ctx.options;
        BenchHarness.say("run 5: the product: OrderProjectionsJob.wire (RocksDB, PostgreSQL upsert sinks, Kafka DLQ)");
        String url = ctx.services.freshDatabase("bench_product");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).credentials(JdbcCredentials.NONE)
                .batchSize(bench.batchSize).createMissingTables(true).build();
        SqlScripts.createMissingTables(settings, ReadModelTables.ddl(SqlDialect.POSTGRES));
        String run = ctx.runId(5);
        Path checkpoints = bench.workDir.resolve("checkpoints-" + run);
        Files.createDirectories(checkpoints);
        JobOptions options = new FlinkJobSettings(ctx).jobOptions(checkpoints, url, run);
        long want = ctx.backlog.expectedVersionSum();
        long dlqBefore = ctx.services.topicRecords(BenchServices.DLQ_TOPIC);

        Cpu.Sample backlogCpu;
        long start, end;
        long backlogRows;
        LatencyPhase.Result latency = null;
        long latencyFromMillis = 0, latencyToMillis = 0;
        OrderWorkload lat = null;
        ReadModelChecker.Result check;
        try (FlinkRun job = FlinkRun.start(bench, OrderProjectionsJob.flinkConfiguration(options),
                env -> OrderProjectionsJob.wire(env, options))) {
            Cpu.Sample before = ctx.services.cpu.sample();
            start = job.runningAtNanos;
            end = awaitVersions(ctx, job, url, want, "the expected versions in PostgreSQL");
            backlogCpu = ctx.services.cpu.sample().minus(before);
            if (end < 0) {
                end = System.nanoTime();
            }
            Thread.sleep(1500); // idle backends flush their statistics within a second
            backlogRows = rowsWritten(url);
            double rate = ctx.records / ((end - start) / 1e9);
            BenchHarness.say(String.format("run 5 backlog: %,.0f events/s; checking the tables ...", rate));
            check = ReadModelChecker.checkDatabase(url, List.of(ctx.backlog));
            BenchHarness.say("  " + check.summary());

            if (!bench.latencyPhase.isZero() && check.ok()) {
                double target = rate * bench.latencyLoad;
                lat = new OrderWorkload(latencyWorkload(bench, target));
                BenchHarness.say(String.format("run 5 latency phase: open-loop producer at %,.0f events/s (%.0f%% of the "
                        + "backlog rate) for %d s; polling PostgreSQL every %d ms", target, bench.latencyLoad * 100,
                        bench.latencyPhase.toSeconds(), bench.latencyPollMs));
                latencyFromMillis = System.currentTimeMillis();
                try (KafkaProducer<byte[], byte[]> producer = ctx.services.producer(0)) {
                    latency = new LatencyPhase(lat, producer, OrderEnvelopes.valueSerializer(
                            ctx.services.registryConfig, BenchServices.TOPIC), BenchServices.TOPIC, url, bench.latencyPollMs)
                            .run(target, job::checkAlive);
                }
                awaitVersions(ctx, job, url, want + lat.expectedVersionSum(), "the latency phase's versions");
                latencyToMillis = System.currentTimeMillis();
                ReadModelChecker.Result all = ReadModelChecker.checkDatabase(url, List.of(ctx.backlog, lat));
                if (!all.ok()) {
                    check = all;
                }
            }
            ctx.report.product.add("checkpoints: " + job.checkpoints().describe());
            if (latencyToMillis > 0) {
                // The checkpoint target is at 50% load: the latency phase's checkpoints on their own.
                ctx.report.product.add("checkpoints triggered in the latency phase (50% load): " + job
                        .checkpointsTriggeredBetween(latencyFromMillis, latencyToMillis, latency.startMillis()).describe());
            }
            int orders = ctx.backlog.aggregates() + (lat == null ? 0 : lat.aggregates()); // the latency phase's too
            try {
                long live = job.canonicalSavepointBytes();
                ctx.report.product.add(String.format("live state at the end (a canonical savepoint: each key's current "
                        + "value once, no uncompacted versions): %s = %,d B per order (%,d orders, the latency phase's "
                        + "included)", Report.bytes(live), live / orders, orders));
            } catch (Exception e) {
                // A measurement after the checked result, not a result: a backend that cannot take a canonical
                // savepoint (ForSt 2.2 here) leaves the state unmeasured, the run's figures stand.
                ctx.report.product.add("live state at the end: not measured, the canonical savepoint failed: " + e);
            }
            ctx.report.product.add(String.format("CPU in the backlog phase: JVM %.1f s, PostgreSQL %.1f s",
                    backlogCpu.jvmSeconds(), backlogCpu.postgresSeconds()));
        }
        Thread.sleep(1500); // backends exit and flush their statistics
        long rowsWritten = rowsWritten(url);
        long eventsTotal = ctx.records + (lat == null ? 0 : lat.records());
        double seconds = (end - start) / 1e9;
        ctx.report.product.add(String.format("rows written (pg_stat_user_tables n_tup_ins + n_tup_upd: upserts that changed "
                + "a row): backlog %,d = %.2f rows per event, %,.0f rows/s (loader: see run 6); with the latency phase "
                + "%,d over %,d events = %.2f rows per event", backlogRows, backlogRows / (double) ctx.records,
                backlogRows / seconds, rowsWritten, eventsTotal, rowsWritten / (double) eventsTotal));
        ctx.productRowsPerSecond = backlogRows / seconds;
        long dlq = ctx.services.topicRecords(BenchServices.DLQ_TOPIC) - dlqBefore;
        long wantDlq = ctx.backlog.expectedDeadLetters().values().stream().mapToLong(Long::longValue).sum();
        boolean dlqOk = dlq == wantDlq;
        if (latency != null) {
            ctx.report.product.add(latency.describe());
        }
        boolean latencyOk = latency == null || latency.unresolved() == 0;
        boolean ok = check.ok() && dlqOk && latencyOk;
        String text = check.summary() + (dlqOk ? String.format(", %d dead letters in the DLQ as expected", dlq)
                : String.format(", %d dead letters in the DLQ (expected %d)", dlq, wantDlq))
                + (latencyOk ? "" : ", " + latency.unresolved() + " latency probes never became visible");
        return new Report.Run(5, "the product: full pipeline, RocksDB, PostgreSQL upsert sinks", ctx.records, seconds,
                backlogCpu, text, ok, "wall-clock and CPU of the backlog phase; the latency phase follows on the same job");
    }

    /**
     * The latency phase's workload: the backlog's shape over fewer orders, no gaps and no displaced backlog (live,
     * its record timestamps are wall-clock send times: a 100K-record displacement would be longer than the gap
     * timeout), ids prefixed "lat-".
     */
    private static WorkloadSettings latencyWorkload(BenchOptions bench, double eventsPerSecond) {
        long events = Math.max(1000, (long) (eventsPerSecond * bench.latencyPhase.toSeconds()));
        int aggregates = (int) Math.max(100, Math.min(Integer.MAX_VALUE, events * bench.aggregates / Math.max(1, bench.events)));
        WorkloadSettings backlog = bench.workload();
        return backlog.toBuilder().seed(backlog.seed() + 1).events(events).aggregates(aggregates).customers(0)
                .gapRate(0.0).displacedBacklog(0.0, 0).holdWindow(latencyHoldWindow(bench, eventsPerSecond))
                .idPrefix("lat-").build();
    }

    /**
     * Live, a displaced event carries the time it was drawn and arrives up to {@code holdWindow} records later: at
     * a low rate (a loaded machine, the smoke size) 1,000 records can be longer than the gap timeout, and the right
     * answer would be a dead letter. Capped at a quarter of the gap timeout at the phase's rate.
     */
    static int latencyHoldWindow(BenchOptions bench, double eventsPerSecond) {
        double quarterGap = eventsPerSecond * bench.gapTimeout.toMillis() / 4000.0;
        return (int) Math.max(1, Math.min(bench.holdWindow, quarterGap));
    }

    private static long awaitVersions(BenchContext ctx, FlinkRun job, String url, long want, String what) throws Exception {
        return ctx.await(job, () -> versionSums(url).reached(want), () -> {
            VersionSums s = versionSums(url);
            return String.format("versions in PostgreSQL %,d + %,d of %,d each", s.orders(), s.customers(), want);
        }, 200, what);
    }

    private static VersionSums versionSums(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT coalesce(sum(version), 0) FROM order_summary), "
                        + "(SELECT coalesce(sum(version), 0) FROM customer_orders)")) {
            r.next();
            return new VersionSums(r.getLong(1), r.getLong(2));
        } catch (Exception e) {
            return new VersionSums(-1, -1);
        }
    }

    private static long rowsWritten(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables "
                        + "WHERE relname IN ('order_summary', 'customer_orders', 'projection_status')")) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
