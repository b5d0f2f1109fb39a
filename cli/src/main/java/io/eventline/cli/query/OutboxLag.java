package io.eventline.cli.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The transactional outbox's lag (outbox module, {@code deploy/sql/postgres/outbox.sql}): rows not yet confirmed
 * published by the relay's checkpoints, and the age of the oldest. Plain SQL: no dependency on the relay.
 */
final class OutboxLag {

    static final String QUERY = "SELECT count(*), COALESCE(CAST(EXTRACT(EPOCH FROM (clock_timestamp()"
            + " - min(created_at))) * 1000 AS BIGINT), 0) FROM outbox WHERE published_at IS NULL";

    private OutboxLag() {}

    /** One row: {@code outbox_unpublished_rows}, {@code outbox_oldest_unpublished_age_ms}. */
    static Map<String, Object> read(String jdbcUrl, Properties credentials) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, credentials);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("outbox_unpublished_rows", rs.getLong(1));
            row.put("outbox_oldest_unpublished_age_ms", rs.getLong(2));
            return row;
        }
    }
}
