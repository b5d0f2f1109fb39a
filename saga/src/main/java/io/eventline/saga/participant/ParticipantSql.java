package io.eventline.saga.participant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The SQL the participants share: a saga's row status under a row lock, a marker row, a status change. */
final class ParticipantSql {

    private ParticipantSql() {
    }

    /** The status of the saga's row in {@code table}, locked for this transaction; null when there is none. */
    static String lockStatus(Connection db, String table, String sagaId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT status FROM " + table + " WHERE saga_id = ? FOR UPDATE")) {
            select.setString(1, sagaId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void insertMarker(Connection db, String insertSql, String sagaId) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(insertSql)) {
            insert.setString(1, sagaId);
            insert.executeUpdate();
        }
    }

    static void setStatus(Connection db, String table, String sagaId, String status) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE " + table + " SET status = ? WHERE saga_id = ?")) {
            update.setString(1, status);
            update.setString(2, sagaId);
            update.executeUpdate();
        }
    }
}
