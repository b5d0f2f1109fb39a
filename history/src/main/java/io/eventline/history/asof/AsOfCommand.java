package io.eventline.history.asof;

import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.contracts.SqlDialect;
import io.eventline.history.Output;
import io.eventline.history.rebuild.Projection;
import io.eventline.history.rebuild.VersionedTables;
import io.eventline.history.replay.ProjectionReplay;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code eventline as-of TIMESTAMP}: a read model as it was at a moment, re-derived from the history with the live
 * job's operators and options. Event time (default): every event whose occurrence {@code timestamp} is at or before
 * the moment, gaps decided as the live job decides them. Log time ({@code --time log}): every record the log held
 * at the moment (Kafka record timestamps, inclusive), the ordering clock stopped there: what the live job showed
 * then, had it been caught up. Rows are printed (table or JSON) from a scratch SQLite database, or kept in
 * {@code --jdbc-url}'s database as {@code <table>__as_of_<moment>} with {@code --snapshot}.
 */
@Command(name = "as-of", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a read model as it was at a moment, re-derived from the event topic. Any other option is "
                + "the live job's (--bootstrap-servers, --topic, --registry-url, --gap-timeout, --config FILE, ...)."})
public final class AsOfCommand implements Callable<Integer> {

    public enum Time { EVENT, LOG }

    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("uuuuMMdd't'HHmmssSSS'z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TIMESTAMP", description = "The moment, ISO-8601 (2025-06-28T10:00:00Z); inclusive.")
    Instant moment;

    @Option(names = "--projection", defaultValue = "order_summary",
            description = "order_summary and/or customer_orders, comma-separated (JSON with two: one object keyed by "
                    + "table). Default: ${DEFAULT-VALUE}.")
    String projection;

    @Option(names = "--aggregate", paramLabel = "ID", description = "Only the rows of these keys (order or customer ids, comma-separated).")
    List<String> keys;

    @Option(names = "--time", defaultValue = "event",
            description = "event (occurrence timestamps) or log (Kafka record timestamps). Default: ${DEFAULT-VALUE}.")
    Time time;

    @Option(names = "--snapshot", description = "Keep the rows in --jdbc-url's database as <table>__as_of_<moment>.")
    boolean snapshot;

    @Option(names = "--output", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        JobOptions options = JobCommandLine.parse(jobArgs.toArray(String[]::new));
        List<Projection> projections = Projection.parseList(projection);
        Path scratch = snapshot ? null : Files.createTempFile("eventline-as-of", ".db");
        String jdbcUrl = snapshot ? options.jdbcUrl : "jdbc:sqlite:" + scratch;
        Map<Projection, String> tables = new LinkedHashMap<>();
        projections.forEach(p -> tables.put(p, p.table() + "__as_of_" + SUFFIX.format(moment)));
        try {
            try (Connection c = connect(options, jdbcUrl)) {
                for (String table : tables.values()) {
                    if (VersionedTables.exists(c, table)) {
                        throw new IllegalArgumentException("table " + table + " exists already");
                    }
                }
                VersionedTables.createAs(c, SqlDialect.fromUrl(jdbcUrl), tables);
            }
            ProjectionReplay.Bounds bounds = time == Time.EVENT ? new ProjectionReplay.Bounds(null, moment)
                    : new ProjectionReplay.Bounds(moment, null);
            ProjectionReplay.run(options, jdbcUrl, tables, bounds, "as of " + moment);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> all = new LinkedHashMap<>();
            for (Map.Entry<Projection, String> e : tables.entrySet()) {
                List<Map<String, Object>> rows = read(options, jdbcUrl, e.getKey(), e.getValue());
                all.put(e.getKey().table(), rows);
                if (output == Output.Format.TABLE || tables.size() == 1) {
                    Output.print(out, output, rows, String.format(Locale.ROOT, "%d %s rows as of %s (%s time)%s",
                            rows.size(), e.getKey().table(), moment, time.name().toLowerCase(Locale.ROOT),
                            snapshot ? "; kept in " + e.getValue() : ""));
                }
            }
            if (output == Output.Format.JSON && tables.size() > 1) {
                Output.printJson(out, all); // one document: {"order_summary": [...], "customer_orders": [...]}
            }
            return 0;
        } finally {
            if (scratch != null) {
                Files.deleteIfExists(scratch);
            }
        }
    }

    /** The live job's credentials reference applies to the snapshot database, which is its database. */
    private static Connection connect(JobOptions options, String jdbcUrl) throws java.sql.SQLException {
        return JdbcSinkSettings.builder(jdbcUrl).credentials(OrderProjectionsJob.readModelSettings(options).credentials())
                .build().openConnection();
    }

    private List<Map<String, Object>> read(JobOptions options, String jdbcUrl, Projection p, String table) throws Exception {
        List<String> wanted = keys == null ? null : keys.stream().flatMap(k -> List.of(k.split(",")).stream()).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connect(options, jdbcUrl);
                PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", p.columns()) + " FROM " + table
                        + " ORDER BY " + p.keyColumn());
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (wanted != null && !wanted.contains(rs.getString(p.keyColumn()))) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : p.columns()) {
                    row.put(column, rs.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
