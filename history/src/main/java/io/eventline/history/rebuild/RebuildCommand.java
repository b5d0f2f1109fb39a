package io.eventline.history.rebuild;

import io.eventline.contracts.SqlDialect;
import io.eventline.history.replay.HistoryReplay;
import io.eventline.history.replay.ProjectionReplay;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/**
 * {@code eventline rebuild}: re-derives read models from the topic into {@code <table>__v<N>}, compares them with
 * the live tables, and swaps them in (see {@link TableSwap}). Every option it does not know is an option of the
 * live job (same names, same {@code --config} file), so the rebuild decides with the live job's settings.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild read models from the event topic into versioned tables, verify them against the live "
                + "tables and swap them in atomically. Any other option is the live job's (--bootstrap-servers, "
                + "--topic, --registry-url, --jdbc-url, --gap-timeout, --gap-policy, --config FILE, ...)."})
public final class RebuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--projection", defaultValue = "order_summary,customer_orders",
            description = "Read models to rebuild, comma-separated. Default: ${DEFAULT-VALUE}.")
    String projections;

    @Option(names = "--until", defaultValue = "latest",
            description = "Read the topic up to: latest (the end offsets when the rebuild starts) or an ISO-8601 "
                    + "instant of log time (Kafka record timestamps, inclusive). Default: ${DEFAULT-VALUE}.")
    String until;

    @Option(names = "--no-swap", description = "Build and verify only; swap later with --swap-version N.")
    boolean noSwap;

    @Option(names = "--swap-version", paramLabel = "N",
            description = "Do not build: verify and swap the tables an earlier --no-swap rebuild left (<table>__v<N>).")
    Integer swapVersion;

    @Option(names = "--no-carry-over",
            description = "Swap without carrying over live rows of a higher version (when the live job is stopped "
                    + "and the rebuild alone is the truth).")
    boolean noCarryOver;

    @Option(names = "--require-equal", description = "Do not swap when the verification finds any difference (exit 4).")
    boolean requireEqual;

    @Option(names = "--list", defaultValue = "20", paramLabel = "N",
            description = "Differences listed per table and kind. Default: ${DEFAULT-VALUE}.")
    int list;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobOptions options = JobCommandLine.parse(jobArgs.toArray(String[]::new));
        List<Projection> selected = Projection.parseList(projections);
        Instant bound = until.equalsIgnoreCase("latest") ? null : Instant.parse(until);
        try (Connection c = OrderProjectionsJob.readModelSettings(options).openConnection()) {
            int version;
            if (swapVersion == null) {
                version = VersionedTables.nextVersion(c);
                VersionedTables.create(c, SqlDialect.fromUrl(options.jdbcUrl), selected, version);
                HistoryReplay.Range range = HistoryReplay.range(options, bound);
                out.printf(Locale.ROOT, "rebuild v%d of %s from topic %s, %s%n", version, names(selected),
                        options.topic, bound == null ? "up to the latest offsets" : "up to log time " + bound);
                out.flush();
                long start = System.nanoTime();
                Map<Projection, String> targets = new LinkedHashMap<>();
                selected.forEach(p -> targets.put(p, VersionedTables.versioned(p, version)));
                ProjectionReplay.run(options, options.jdbcUrl, targets, new ProjectionReplay.Bounds(bound, null),
                        "rebuild v" + version + " of " + options.topic);
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "rebuilt: %,d records read in %.1f s (%,.0f records/s), parallelism %d%n",
                        range.records(), seconds, range.records() / Math.max(seconds, 1e-3), options.parallelism);
            } else {
                version = swapVersion;
            }
            long differences = 0;
            for (Projection p : selected) {
                String rebuilt = VersionedTables.versioned(p, version);
                if (!VersionedTables.exists(c, rebuilt)) {
                    throw new IllegalArgumentException("no table " + rebuilt + " (rebuild with --no-swap first)");
                }
                if (!VersionedTables.exists(c, p.table())) {
                    out.printf("verify %s: no live table %s yet%n", rebuilt, p.table());
                    continue;
                }
                TableComparison.Result result = TableComparison.compare(c, p, p.table(), rebuilt, list);
                differences += result.differences();
                out.println("verify " + result.summary());
                result.listed().forEach(d -> out.println("  " + d));
                if (result.listed().size() < result.differences()) {
                    out.printf("  ... %d more%n", result.differences() - result.listed().size());
                }
            }
            if (noSwap) {
                out.printf("not swapped: the rebuilt tables are %s; swap with --swap-version %d%n",
                        String.join(", ", selected.stream().map(p -> VersionedTables.versioned(p, version)).toList()), version);
                return 0;
            }
            if (requireEqual && differences > 0) {
                out.printf("not swapped: %d differences and --require-equal%n", differences);
                return 4;
            }
            TableSwap.Result swap = TableSwap.swap(c, selected, version, !noCarryOver);
            for (Projection p : selected) {
                out.printf("swapped: %s is now v%d (the previous table is %s)%n", p.table(), version,
                        VersionedTables.retired(p, version));
            }
            out.printf(Locale.ROOT, "swap: one transaction of %d ms; renames held readers %d ms; carried over from the "
                    + "live tables: %s%n", swap.totalMillis(), swap.renameMillis(),
                    noCarryOver ? "nothing (--no-carry-over)" : swap.carriedOver());
            return 0;
        }
    }

    private static String names(List<Projection> projections) {
        return String.join(", ", projections.stream().map(Projection::table).toList());
    }
}
