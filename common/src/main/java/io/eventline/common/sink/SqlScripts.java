package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Loads DDL scripts from the classpath and runs them. Scripts hold statements ending in {@code ;}. */
public final class SqlScripts {

    private SqlScripts() {}

    public static String load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL script on the classpath at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL script " + resource, e);
        }
    }

    /** Splits a script into statements: {@code --} comments dropped, split on {@code ;}. */
    public static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            text.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String part : text.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    public static void execute(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Runs idempotent DDL ({@code CREATE TABLE IF NOT EXISTS ...}). Parallel sink subtasks may run it at the
     * same moment, and two concurrent {@code CREATE TABLE IF NOT EXISTS} can still collide in PostgreSQL's
     * catalog, so a failure is retried a few times before it is reported.
     */
    public static void createMissingTables(JdbcSinkSettings settings, List<String> scripts) {
        SQLException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (Connection connection = settings.openConnection()) {
                connection.setAutoCommit(true);
                for (String script : scripts) {
                    execute(connection, script);
                }
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException(
                "cannot create the read-model tables in " + SqlDialect.redactUrl(settings.url()) + ": "
                        + (last == null ? "interrupted" : last.getMessage()),
                last);
    }
}
