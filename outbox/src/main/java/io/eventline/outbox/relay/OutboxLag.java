package io.eventline.outbox.relay;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Outbox lag: rows not yet confirmed published (by a completed checkpoint) and the age of the oldest. Read by
 * the relay for its gauges and by {@code OrderServiceCli status}.
 */
public record OutboxLag(long unpublishedRows, long oldestUnpublishedAgeMs) {

    public static OutboxLag query(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(OutboxQueries.LAG)) {
            rs.next();
            return new OutboxLag(rs.getLong(1), rs.getLong(2));
        }
    }
}
