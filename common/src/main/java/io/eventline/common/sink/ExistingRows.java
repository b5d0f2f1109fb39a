package io.eventline.common.sink;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which read-model tables already hold rows, and emptying them: what a job start without restored state must check.
 * Such a start recomputes every row from version 1 (its keyed state is empty); over tables that already hold rows
 * the version guard would drop the recomputed rows as stale, and the tables would silently stop following the
 * events.
 */
public final class ExistingRows {

    private ExistingRows() {}

    /** The tables among {@code tables} that exist and hold at least one row. */
    public static List<String> nonEmpty(JdbcSinkSettings settings, List<String> tables) throws SQLException {
        List<String> nonEmpty = new ArrayList<>();
        try (Connection c = settings.openConnection()) {
            for (String table : tables) {
                if (exists(c, table) && hasRows(c, table)) {
                    nonEmpty.add(table);
                }
            }
        }
        return nonEmpty;
    }

    /** Deletes every row of the existing tables among {@code tables}, in one transaction. */
    public static void empty(JdbcSinkSettings settings, List<String> tables) throws SQLException {
        try (Connection c = settings.openConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    if (exists(c, table)) {
                        s.executeUpdate("DELETE FROM " + table);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    private static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return rs.next();
        }
    }
}
