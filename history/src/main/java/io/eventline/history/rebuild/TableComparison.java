package io.eventline.history.rebuild;

import io.eventline.contracts.SqlDialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Compares a rebuilt table with the live one, row for row: both are read in key order and merged, each row reduced
 * to a SHA-256 digest of its column values as the driver returns them as text (so a comparison needs memory for two
 * rows, not two tables). Every row that is not equal is classified; the first {@code limit} of each kind are listed
 * with the columns that differ (per kind, so a corrupted row is not hidden behind the live job's newer rows).
 */
public final class TableComparison {

    /** How a row differs. The versions tell a live job that moved on from a row that is wrong. */
    public enum Kind {
        /** Same version, other content: the live row is wrong (or the projection changed). */
        CONTENT,
        /** The live table has a key the rebuild does not: written after the rebuild's bound, or wrong. */
        LIVE_ONLY,
        /** The rebuild has a key the live table lacks: lost, or not yet written by the live job. */
        REBUILT_ONLY,
        /** The live row has a higher version: events after the rebuild's bound. */
        LIVE_AHEAD,
        /** The live row has a lower version: the live job lags, or lost an update. */
        LIVE_BEHIND
    }

    public record Difference(Kind kind, String key, Long liveVersion, Long rebuiltVersion, List<String> columns) {
        @Override
        public String toString() {
            return kind.name().toLowerCase().replace('_', '-') + " " + key + " (live version " + liveVersion
                    + ", rebuilt " + rebuiltVersion + (columns.isEmpty() ? "" : ", columns " + String.join(",", columns))
                    + ")";
        }
    }

    public record Result(String live, String rebuilt, long liveRows, long rebuiltRows, long equalRows,
            Map<Kind, Long> counts, List<Difference> listed) {

        public long differences() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(live).append(": ").append(liveRows).append(" live rows, ").append(rebuilt).append(": ")
                    .append(rebuiltRows).append(" rows; ").append(equalRows).append(" equal, ").append(differences())
                    .append(" different");
            counts.forEach((kind, n) -> s.append(", ").append(kind.name().toLowerCase().replace('_', '-')).append('=').append(n));
            return s.toString();
        }
    }

    private record Row(String key, long version, String digest, String[] values) {}

    private TableComparison() {}

    public static Result compare(Connection c, Projection projection, String live, String rebuilt, int limit)
            throws SQLException {
        SqlDialect dialect = SqlDialect.fromUrl(c.getMetaData().getURL());
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        List<Difference> listed = new ArrayList<>();
        long liveRows = 0;
        long rebuiltRows = 0;
        long equal = 0;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PostgreSQL streams with the fetch size only inside a transaction
        try (Statement ls = c.createStatement(); Statement rs = c.createStatement()) {
            ls.setFetchSize(5_000);
            rs.setFetchSize(5_000);
            try (ResultSet l = ls.executeQuery(select(projection, live, dialect));
                    ResultSet r = rs.executeQuery(select(projection, rebuilt, dialect))) {
                Row a = next(l, projection);
                Row b = next(r, projection);
                while (a != null || b != null) {
                    int order = a == null ? 1 : b == null ? -1 : a.key.compareTo(b.key);
                    final Difference d;
                    if (order < 0) {
                        d = new Difference(Kind.LIVE_ONLY, a.key, a.version, null, List.of());
                    } else if (order > 0) {
                        d = new Difference(Kind.REBUILT_ONLY, b.key, null, b.version, List.of());
                    } else if (!a.digest.equals(b.digest)) {
                        Kind kind = a.version > b.version ? Kind.LIVE_AHEAD
                                : a.version < b.version ? Kind.LIVE_BEHIND : Kind.CONTENT;
                        d = new Difference(kind, a.key, a.version, b.version, differingColumns(projection, a, b));
                    } else {
                        d = null;
                        equal++;
                    }
                    if (d != null) {
                        counts.merge(d.kind(), 1L, Long::sum);
                        if (listed.stream().filter(x -> x.kind() == d.kind()).count() < limit) {
                            listed.add(d);
                        }
                    }
                    if (order <= 0) {
                        liveRows++;
                        a = next(l, projection);
                    }
                    if (order >= 0) {
                        rebuiltRows++;
                        b = next(r, projection);
                    }
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return new Result(live, rebuilt, liveRows, rebuiltRows, equal, counts, listed);
    }

    /** Key order that Java's String order agrees with: byte order ("C" collation) on PostgreSQL, SQLite's default. */
    private static String select(Projection projection, String table, SqlDialect dialect) {
        return "SELECT " + String.join(", ", projection.columns()) + " FROM " + table + " ORDER BY "
                + projection.keyColumn() + (dialect == SqlDialect.POSTGRES ? " COLLATE \"C\"" : "");
    }

    private static Row next(ResultSet rs, Projection projection) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        List<String> columns = projection.columns();
        String[] values = new String[columns.size()];
        MessageDigest sha = sha256();
        long version = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = rs.getString(i + 1);
            sha.update((values[i] == null ? "\u0000" : values[i]).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
            if (columns.get(i).equals("version")) {
                version = rs.getLong(i + 1);
            }
        }
        return new Row(rs.getString(projection.keyColumn()), version, HexFormat.of().formatHex(sha.digest()), values);
    }

    private static List<String> differingColumns(Projection projection, Row a, Row b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.values.length; i++) {
            if (!java.util.Objects.equals(a.values[i], b.values[i])) {
                out.add(projection.columns().get(i));
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
