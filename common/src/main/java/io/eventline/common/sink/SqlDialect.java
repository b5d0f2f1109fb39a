package io.eventline.common.sink;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The two databases a read model can live in. The SQL text of every statement is the same for both
 * ({@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE r.version < EXCLUDED.version} runs unchanged on
 * PostgreSQL 15 and SQLite 3.51); only how two value types are bound and read differs:
 *
 * <ul>
 *   <li>money: PostgreSQL {@code NUMERIC(18,2)} bound as {@link BigDecimal}; SQLite {@code TEXT} bound as the
 *       plain decimal string, because SQLite's NUMERIC affinity would silently turn {@code '99.98'} into a
 *       binary double;
 *   <li>instants: PostgreSQL {@code TIMESTAMPTZ} bound as a UTC {@link OffsetDateTime}; SQLite {@code TEXT} in a
 *       fixed-width ISO-8601 form ({@code 2025-06-28T10:00:00.000Z}) that sorts as text and that SQLite's date
 *       functions understand.
 * </ul>
 */
public enum SqlDialect {
    POSTGRES,
    SQLITE;

    /** Money has two decimals end to end. */
    public static final int MONEY_SCALE = 2;

    private static final DateTimeFormatter SQLITE_INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static SqlDialect fromUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("no JDBC URL given");
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new IllegalArgumentException(
                "unsupported JDBC URL (expected jdbc:postgresql:... or jdbc:sqlite:...): " + redactUrl(jdbcUrl));
    }

    /** pgjdbc timeouts added unless the URL sets them: seconds. */
    public static final int PG_CONNECT_TIMEOUT_S = 10;
    public static final int PG_SOCKET_TIMEOUT_S = 60;

    /**
     * The URL the sinks connect with. PostgreSQL: pgjdbc's {@code socketTimeout} defaults to 0 (wait forever), so a
     * black-holed database (a frozen server, a dropped route) would hang the writer until the checkpoint times
     * out; {@code socketTimeout=60}, {@code connectTimeout=10} and {@code tcpKeepAlive=true} are added unless the URL
     * sets them (a single upsert batch takes milliseconds; 60 s only cuts off the dead). SQLite allows one writer at a time, and every parallel sink instance is a
     * writer: without a busy timeout a second writer fails at once with SQLITE_BUSY (and the job restarts), and
     * without WAL every reader blocks the writers. Both are added unless the URL sets them.
     */
    public String writerUrl(String jdbcUrl) {
        String url = jdbcUrl;
        if (this == POSTGRES) {
            url = withDefault(url, "socketTimeout", String.valueOf(PG_SOCKET_TIMEOUT_S));
            url = withDefault(url, "connectTimeout", String.valueOf(PG_CONNECT_TIMEOUT_S));
            return withDefault(url, "tcpKeepAlive", "true");
        }
        if (!url.contains("journal_mode=")) {
            url += (url.contains("?") ? "&" : "?") + "journal_mode=WAL";
        }
        if (!url.contains("busy_timeout=")) {
            url += (url.contains("?") ? "&" : "?") + "busy_timeout=30000";
        }
        return url;
    }

    private static String withDefault(String url, String parameter, String value) {
        int q = url.indexOf('?');
        if (q >= 0 && ("&" + url.substring(q + 1)).contains("&" + parameter + "=")) {
            return url;
        }
        return url + (q >= 0 ? "&" : "?") + parameter + "=" + value;
    }

    /** The folder name of this dialect's DDL scripts, as in {@code deploy/sql/<name>/}. */
    public String scriptFolder() {
        return this == POSTGRES ? "postgres" : "sqlite";
    }

    public static BigDecimal money(BigDecimal value) {
        return value == null ? null : value.setScale(MONEY_SCALE, RoundingMode.UNNECESSARY);
    }

    public void setMoney(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            ps.setNull(index, this == POSTGRES ? Types.NUMERIC : Types.VARCHAR);
        } else if (this == POSTGRES) {
            ps.setBigDecimal(index, money(value));
        } else {
            ps.setString(index, money(value).toPlainString());
        }
    }

    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, this == POSTGRES ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR);
        } else if (this == POSTGRES) {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        } else {
            ps.setString(index, formatInstant(value));
        }
    }

    public BigDecimal getMoney(ResultSet rs, String column) throws SQLException {
        if (this == POSTGRES) {
            return money(rs.getBigDecimal(column));
        }
        String text = rs.getString(column);
        return text == null ? null : money(new BigDecimal(text));
    }

    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        if (this == POSTGRES) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        String text = rs.getString(column);
        return text == null ? null : Instant.parse(text);
    }

    public static String formatInstant(Instant value) {
        return SQLITE_INSTANT.format(value);
    }

    /** A URL fit for messages: no query parameters (they may carry a password). */
    public static String redactUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
    }
}
