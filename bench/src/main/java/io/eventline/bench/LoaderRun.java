package io.eventline.bench;

import io.eventline.common.sink.JdbcCredentials;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.check.ReadModelChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Run 6, the sink ceiling: the expected final rows loaded with the same upsert SQL and batch size. */
final class LoaderRun implements BenchRun {

    @Override
    public Report.Run run(BenchContext ctx) throws Exception {
        int threads = ctx.options.parallelism;
        BenchHarness.say("run 6: standalone loader: the expected final rows, same upsert SQL and batch size, " + threads + " threads");
        String url = ctx.services.freshDatabase("bench_loader");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).credentials(JdbcCredentials.NONE)
                .batchSize(ctx.options.batchSize).build();
        SqlScripts.createMissingTables(settings, ReadModelTables.ddl(SqlDialect.POSTGRES));
        ExpectedRowsLoader loader = new ExpectedRowsLoader(ctx.backlog, settings);
        Cpu.Sample before = ctx.services.cpu.sample();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long rows = 0;
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                parts.add(pool.submit(() -> loader.load(thread, threads)));
            }
            for (Future<Long> f : parts) {
                rows += f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Sample used = ctx.services.cpu.sample().minus(before);
        ReadModelChecker.Result check = ReadModelChecker.checkDatabase(url, List.of(ctx.backlog));
        double rowsPerSecond = rows / seconds;
        if (ctx.productRowsPerSecond > 0) {
            ctx.report.product.add(String.format("rows/s of run 5 vs the loader (5/6 in rows rather than events): %.2f",
                    ctx.productRowsPerSecond / rowsPerSecond));
            ctx.report.sinkRowRatio = ctx.productRowsPerSecond / rowsPerSecond;
        }
        return new Report.Run(6, "standalone loader: final rows, same upsert SQL and batch size (sink ceiling)",
                ctx.records, seconds, used, check.summary(), check.ok(), String.format(
                        "%,d rows in %.1f s = %,.0f rows/s; events/s here is the backlog's events over that time",
                        rows, seconds, rowsPerSecond));
    }
}
