package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import io.eventline.testkit.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The two databases tests run against: a real PostgreSQL 15 (testkit) and an SQLite file. */
public enum TestDatabase {
    POSTGRES,
    SQLITE;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Path sqliteDir;

    /**
     * A new, empty database. PostgreSQL URLs carry {@code reWriteBatchedInserts=true} (multi-row inserts, the
     * setting under which one key twice in a batch fails); SQLite URLs carry WAL and a busy timeout, as parallel
     * sink subtasks write at once.
     */
    public String newDatabase(String name) {
        String unique = name + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        if (this == POSTGRES) {
            return PostgresServer.shared().createDatabase(unique) + "&reWriteBatchedInserts=true";
        }
        return "jdbc:sqlite:" + sqliteDir().resolve(unique + ".db") + "?journal_mode=WAL&busy_timeout=10000";
    }

    public SqlDialect dialect() {
        return this == POSTGRES ? SqlDialect.POSTGRES : SqlDialect.SQLITE;
    }

    private static synchronized Path sqliteDir() {
        if (sqliteDir == null) {
            try {
                sqliteDir = Files.createTempDirectory("eventline-sqlite-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sqliteDir;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    public static void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The table as text: one line per row, every column as the driver's string form, lines sorted. Two tables
     * with the same dump hold the same bytes as far as a client can see.
     */
    public static String dump(String url, String table) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    line.append(i == 1 ? "" : "|").append(meta.getColumnName(i)).append('=').append(rs.getString(i));
                }
                lines.add(line.toString());
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }
}
