package io.eventline.jobs.orders.projection;

import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.common.sink.RowBinder;
import io.eventline.contracts.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.UpsertTable;
import io.eventline.events.EventEnvelope;
import io.eventline.testkit.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (its name matches no surefire include; run it explicitly):
 *
 * <pre>
 * mvn -B -o -pl jobs -am test -Dtest=ReadModelMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <ol>
 *   <li>rows written per event with batch size 500, for a stream of 100 events per order, through the real
 *       pipeline (MiniCluster, parallelism 2) into PostgreSQL; rows are counted where the JDBC statement is
 *       bound, i.e. rows sent to the database;
 *   <li>upsert rows/s into PostgreSQL against a plain JDBC batch insert of the same rows, in the same run, same
 *       server, same batch size, {@code reWriteBatchedInserts=true}.
 * </ol>
 */
public class ReadModelMeasurement {

    /**
     * Counters by table name. The binder looks them up by name: a captured AtomicLong would be serialized with
     * the sink and counted in a copy (the MiniCluster runs in this JVM and class loader).
     */
    static final Map<String, AtomicLong> ROWS_SENT = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        new ReadModelMeasurement().measure();
        System.exit(0);
    }

    @Test
    void measure() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        StringBuilder report = new StringBuilder("\n=== read-model measurement (PostgreSQL 15, fsync=off) ===\n");
        for (int concurrent : new int[] {10, 200}) {
            report.append(rowsPerEvent(pg, 200, 100, concurrent));
        }
        report.append(upsertVersusInsert(pg, 100_000));
        System.out.println(report);
    }

    static <T> UpsertTable<T> counting(UpsertTable<T> table) {
        RowBinder<T> binder = table.binder();
        String name = table.table();
        return UpsertTable.of(table.table(), table.keyColumns(), table.columns(), table::keyOf, table::versionOf,
                (ps, row, dialect) -> {
                    ROWS_SENT.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
                    binder.bind(ps, row, dialect);
                });
    }

    static String rowsPerEvent(PostgresServer pg, int orders, int eventsPerOrder, int concurrent) throws Exception {
        String url = pg.createDatabase("measure_rows_" + concurrent + "_" + ProcessHandle.current().pid())
                + "&reWriteBatchedInserts=true";
        List<EventEnvelope> events = OrderEvents.longLivedOrders(orders, eventsPerOrder, 50, concurrent);
        ROWS_SENT.clear();
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(500).batchIntervalMs(0)
                .createMissingTables(true).build();
        List<String> ddl = ReadModelTables.ddl(SqlDialect.POSTGRES);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        OrderReadModels.Streams models = OrderReadModels.project(
                env.fromData(events, new AvroTypeInfo<>(EventEnvelope.class)), "measure", Instant::now);
        models.orders.sinkTo(new MergingUpsertSink<>(counting(ReadModelTables.ORDER_SUMMARY), settings, ddl));
        models.customers.sinkTo(new MergingUpsertSink<>(counting(ReadModelTables.CUSTOMER_ORDERS), settings, ddl));
        models.status.sinkTo(new MergingUpsertSink<>(counting(ReadModelTables.PROJECTION_STATUS), settings, ddl));
        long start = System.nanoTime();
        env.execute("measure-rows");
        double seconds = (System.nanoTime() - start) / 1e9;
        long n = events.size();
        long orderRows = sent("order_summary");
        long customerRows = sent("customer_orders");
        long statusRows = sent("projection_status");
        return String.format(Locale.ROOT,
                "rows per event, batch 500, %d orders x %d events (%d events), %d orders in flight, 50 customers:%n"
                        + "  order_summary     %6d rows  %.4f rows/event (unmerged: 1 row/event)%n"
                        + "  customer_orders   %6d rows  %.4f rows/event%n"
                        + "  projection_status %6d rows  %.4f rows/event (unmerged: 2 rows/event)%n"
                        + "  all tables        %6d rows  %.4f rows/event (unmerged: 4 rows/event); job %.1f s%n",
                orders, eventsPerOrder, n, concurrent,
                orderRows, orderRows / (double) n,
                customerRows, customerRows / (double) n,
                statusRows, statusRows / (double) n,
                orderRows + customerRows + statusRows,
                (orderRows + customerRows + statusRows) / (double) n, seconds);
    }

    static long sent(String table) {
        AtomicLong n = ROWS_SENT.get(table);
        return n == null ? 0 : n.get();
    }

    static String upsertVersusInsert(PostgresServer pg, int rows) throws Exception {
        String url = pg.createDatabase("measure_upsert_" + ProcessHandle.current().pid()) + "&reWriteBatchedInserts=true";
        UpsertTable<OrderSummaryRow> table = ReadModelTables.ORDER_SUMMARY;
        try (Connection c = DriverManager.getConnection(url)) {
            SqlScripts.execute(c, ReadModelTables.ddl(SqlDialect.POSTGRES).get(0));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE order_summary_plain (LIKE order_summary INCLUDING ALL)");
                s.execute("CREATE TABLE order_summary_warmup (LIKE order_summary INCLUDING ALL)");
            }
            List<OrderSummaryRow> data = rows(rows, 1);
            List<OrderSummaryRow> newer = rows(rows, 2);
            String plainSql = table.plainInsertSql().replace("INSERT INTO order_summary ", "INSERT INTO order_summary_plain ");
            // warm-up: JIT and connection, into a table not measured
            write(c, table.plainInsertSql().replace("INSERT INTO order_summary ", "INSERT INTO order_summary_warmup "),
                    rows(20_000, 1), table.binder());
            // two rounds on emptied tables, alternating; the best of each is reported (both are shown)
            double[][] r = new double[4][2];
            for (int round = 0; round < 2; round++) {
                try (Statement s = c.createStatement()) {
                    s.execute("TRUNCATE order_summary, order_summary_plain");
                    s.execute("VACUUM ANALYZE order_summary");
                    s.execute("VACUUM ANALYZE order_summary_plain");
                }
                r[0][round] = write(c, plainSql, data, table.binder());
                r[1][round] = write(c, table.upsertSql(), data, table.binder());
                r[2][round] = write(c, table.upsertSql(), newer, table.binder());
                r[3][round] = write(c, table.upsertSql(), data, table.binder());
            }
            double plain = Math.max(r[0][0], r[0][1]);
            String[] labels = {
                "plain INSERT, new keys                      ",
                "upsert, new keys (insert path)              ",
                "upsert, keys present, higher version (update)",
                "upsert, keys present, lower version (no-op) "};
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "PostgreSQL rows/s, %d order_summary rows, JDBC batches of 500, reWriteBatchedInserts=true,"
                            + " autocommit, one connection; best of 2 rounds (round 1 / round 2):%n", rows));
            for (int i = 0; i < 4; i++) {
                double best = Math.max(r[i][0], r[i][1]);
                out.append(String.format(Locale.ROOT, "  %s %,9.0f rows/s  %.2fx plain  (%,.0f / %,.0f)%n",
                        labels[i], best, best / plain, r[i][0], r[i][1]));
            }
            return out.toString();
        }
    }

    static List<OrderSummaryRow> rows(int n, long version) {
        List<OrderSummaryRow> out = new ArrayList<>(n);
        Instant t = OrderEvents.T0;
        for (int i = 0; i < n; i++) {
            OrderSummaryRow r = new OrderSummaryRow();
            r.orderId = String.format(Locale.ROOT, "ord-%07d", i);
            r.customerId = "cust-" + (i % 5000);
            r.status = version == 1 ? "placed" : "paid";
            r.itemCount = 1 + i % 7;
            r.total = new BigDecimal(String.format(Locale.ROOT, "%d.%02d", 10 + i % 500, i % 100));
            r.currency = "USD";
            r.placedAt = t.plusSeconds(i);
            r.updatedAt = t.plusSeconds(i + version);
            r.lastSequence = version;
            r.lastEventId = "evt-" + r.orderId + "-" + version;
            r.version = version;
            out.add(r);
        }
        return out;
    }

    /** Writes all rows in batches of 500; returns rows/s. */
    static double write(Connection c, String sql, List<OrderSummaryRow> rows, RowBinder<OrderSummaryRow> binder) throws Exception {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int inBatch = 0;
            for (OrderSummaryRow row : rows) {
                binder.bind(ps, row, SqlDialect.POSTGRES);
                ps.addBatch();
                if (++inBatch == 500) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
            }
        }
        return rows.size() / ((System.nanoTime() - start) / 1e9);
    }
}
