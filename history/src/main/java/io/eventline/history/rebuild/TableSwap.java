package io.eventline.history.rebuild;

import io.eventline.contracts.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts rebuilt tables in place of the live ones for readers, in one transaction: every reader's statement sees
 * either all the old tables or all the new ones, never a missing table. The live job keeps writing by name, so
 * after the commit its upserts go to the new tables.
 *
 * <p>In the transaction, first the live job's writes are held (PostgreSQL {@code LOCK ... IN SHARE ROW EXCLUSIVE
 * MODE}, which readers pass; SQLite {@code BEGIN IMMEDIATE}, the one write lock); then, unless told otherwise, the
 * rows the live tables hold at a higher version than the rebuild (or only there) are carried into the new tables
 * with the job's own version guard: events the live job applied after the rebuild's bound; then the two renames
 * per table. Readers wait only for the renames and the commit (PostgreSQL), or not at all (SQLite in WAL mode).
 * Statements already prepared against the old table are re-planned by name on both databases.
 */
public final class TableSwap {

    /** What a swap did: rows carried over per table, and how long the renames held readers. */
    public record Result(Map<String, Integer> carriedOver, long renameMillis, long totalMillis) {}

    private TableSwap() {}

    public static Result swap(Connection c, List<Projection> projections, int version, boolean carryOver)
            throws SQLException {
        SqlDialect dialect = SqlDialect.fromUrl(c.getMetaData().getURL());
        List<Projection> withLive = new ArrayList<>();
        for (Projection p : projections) {
            if (!VersionedTables.exists(c, VersionedTables.versioned(p, version))) {
                throw new IllegalStateException("no table " + VersionedTables.versioned(p, version) + " to swap in");
            }
            if (VersionedTables.exists(c, p.table())) {
                withLive.add(p);
            }
        }
        long start = System.nanoTime();
        Map<String, Integer> carried = new LinkedHashMap<>();
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            if (dialect == SqlDialect.POSTGRES) {
                c.setAutoCommit(false);
                s.execute("SET LOCAL lock_timeout = '60s'");
                if (!withLive.isEmpty()) {
                    s.execute("LOCK TABLE " + String.join(", ", withLive.stream().map(Projection::table).toList())
                            + " IN SHARE ROW EXCLUSIVE MODE");
                }
            } else {
                // sqlite-jdbc's own transactions begin DEFERRED: take the write lock at once, by hand.
                c.setAutoCommit(true);
                s.execute("BEGIN IMMEDIATE");
            }
            try {
                if (carryOver) {
                    for (Projection p : withLive) {
                        carried.put(p.table(), s.executeUpdate(carryOverSql(p, VersionedTables.versioned(p, version))));
                    }
                }
                long renames = System.nanoTime();
                for (Projection p : projections) {
                    if (withLive.contains(p)) {
                        s.execute("ALTER TABLE " + p.table() + " RENAME TO " + VersionedTables.retired(p, version));
                    }
                    s.execute("ALTER TABLE " + VersionedTables.versioned(p, version) + " RENAME TO " + p.table());
                }
                if (dialect == SqlDialect.POSTGRES) {
                    c.commit();
                } else {
                    s.execute("COMMIT");
                }
                long end = System.nanoTime();
                return new Result(carried, (end - renames) / 1_000_000, (end - start) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                if (dialect == SqlDialect.POSTGRES) {
                    c.rollback();
                } else {
                    s.execute("ROLLBACK");
                }
                throw e;
            }
        } finally {
            if (dialect == SqlDialect.POSTGRES) {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * The job's upsert with a SELECT from the live table as its source: a live row replaces the rebuilt one only
     * where the job's own upsert would (a higher version, or the same with a newer customer copy). ({@code WHERE true} keeps SQLite from reading ON CONFLICT as a join constraint.)
     */
    static String carryOverSql(Projection p, String versioned) {
        String columns = String.join(", ", p.columns());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(versioned).append(" AS r (").append(columns)
                .append(") SELECT ").append(columns).append(" FROM ").append(p.table())
                .append(" WHERE true ON CONFLICT (").append(p.keyColumn()).append(") DO UPDATE SET ");
        boolean first = true;
        for (String column : p.columns()) {
            if (!column.equals(p.keyColumn())) {
                sql.append(first ? "" : ", ").append(column).append(" = EXCLUDED.").append(column);
                first = false;
            }
        }
        return sql.append(" WHERE ").append(p.upsert().guardSql()).toString();
    }
}
