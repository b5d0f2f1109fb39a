package io.eventline.saga.participant;

import io.eventline.common.sink.SqlScripts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Creates the participants' tables (deploy/sql/postgres/saga_participants.sql, shipped in the jar). */
public final class ParticipantTables {

    private ParticipantTables() {
    }

    public static void create(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            SqlScripts.execute(c, SqlScripts.load(ParticipantTables.class.getClassLoader(), "sql/postgres/saga_participants.sql"));
        }
    }
}
