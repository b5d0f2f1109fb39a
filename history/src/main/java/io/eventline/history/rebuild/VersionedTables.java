package io.eventline.history.rebuild;

import io.eventline.common.sink.SqlScripts;
import io.eventline.contracts.SqlDialect;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and creates the versioned tables of a rebuild. Rebuild N writes {@code <table>__v<N>}; its swap renames the
 * live {@code <table>} to {@code <table>__before_v<N>} and {@code <table>__v<N>} to {@code <table>}. The live tables
 * count as version 1, so the first rebuild is v2, and N is one above every version any table of the database
 * names (one N for all projections of a rebuild).
 */
public final class VersionedTables {

    private static final Pattern VERSIONED = Pattern.compile("^([a-z_]+?)__(?:before_)?v(\\d+)$");

    private VersionedTables() {}

    public static String versioned(Projection projection, int version) {
        return projection.table() + "__v" + version;
    }

    public static String retired(Projection projection, int version) {
        return projection.table() + "__before_v" + version;
    }

    /** The next rebuild version: one above the highest any versioned or retired table names, at least 2. */
    public static int nextVersion(Connection c) throws SQLException {
        int highest = 1;
        for (String table : tables(c)) {
            Matcher m = VERSIONED.matcher(table);
            if (m.matches() && isProjection(m.group(1))) {
                highest = Math.max(highest, Integer.parseInt(m.group(2)));
            }
        }
        return highest + 1;
    }

    /** Whether a table of this name exists (in the connection's schema on PostgreSQL). */
    public static boolean exists(Connection c, String table) throws SQLException {
        return tables(c).contains(table);
    }

    /**
     * Creates {@code <table>__v<N>} for each projection with the job's own DDL (the live tables' shape, indexes
     * included), so the rebuilt table is the table the job would create; the index names get the same suffix.
     */
    public static void create(Connection c, SqlDialect dialect, List<Projection> projections, int version)
            throws SQLException {
        Map<Projection, String> names = new LinkedHashMap<>();
        projections.forEach(p -> names.put(p, versioned(p, version)));
        createAs(c, dialect, names);
    }

    /** Creates each projection's table under another name with the job's DDL (e.g. an as-of snapshot table). */
    public static void createAs(Connection c, SqlDialect dialect, Map<Projection, String> names) throws SQLException {
        for (String script : ReadModelTables.ddl(dialect)) {
            for (String statement : SqlScripts.statements(script)) {
                for (Map.Entry<Projection, String> e : names.entrySet()) {
                    String table = e.getKey().table();
                    // Statements of this projection's table (and its indexes, named after it) only.
                    if (Pattern.compile("\\b" + table + "\\b").matcher(statement).find()) {
                        try (var s = c.createStatement()) {
                            // order_summary -> order_summary__v2, order_summary_customer -> order_summary__v2_customer
                            s.execute(statement.replaceAll("\\b" + table + "(\\w*)", e.getValue() + "$1"));
                        }
                    }
                }
            }
        }
    }

    private static boolean isProjection(String table) {
        for (Projection p : Projection.values()) {
            if (p.table().equals(table)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        String schema = SqlDialect.fromUrl(meta.getURL()) == SqlDialect.POSTGRES ? c.getSchema() : null;
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
