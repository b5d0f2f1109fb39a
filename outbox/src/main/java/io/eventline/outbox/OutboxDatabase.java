package io.eventline.outbox;

import io.eventline.contracts.JdbcCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the outbox lives: a PostgreSQL JDBC URL and credentials (never in the URL in production: from the
 * environment or a file, as the other jobs). Serializable, so the relay's source carries it to the task.
 */
public final class OutboxDatabase implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The DDL of the business table, the aggregate sequences and the outbox, shipped in the jar. */
    public static final String DDL_RESOURCE = "/sql/outbox.sql";

    private final String jdbcUrl;
    private final JdbcCredentials credentials;

    public OutboxDatabase(String jdbcUrl, JdbcCredentials credentials) {
        if (!Objects.requireNonNull(jdbcUrl, "jdbcUrl").startsWith("jdbc:postgresql:")) {
            // The commit-safe read needs xid8 and pg_current_snapshot(): PostgreSQL 13+ only.
            throw new IllegalArgumentException("the outbox needs PostgreSQL (jdbc:postgresql://...): " + jdbcUrl);
        }
        this.jdbcUrl = jdbcUrl;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    public static OutboxDatabase of(String jdbcUrl) {
        return new OutboxDatabase(jdbcUrl, JdbcCredentials.NONE);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A new connection; {@code timeoutSeconds} bounds connecting and every socket read (0 = none). */
    public Connection connect(int timeoutSeconds) throws SQLException {
        Properties props = new Properties();
        if (credentials.user() != null) {
            props.setProperty("user", credentials.user());
        }
        if (credentials.password() != null) {
            props.setProperty("password", credentials.password());
        }
        props.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
        props.setProperty("socketTimeout", String.valueOf(timeoutSeconds));
        props.setProperty("ApplicationName", "eventline-outbox");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    public Connection connect() throws SQLException {
        return connect(30);
    }

    /** Creates the outbox tables if missing. */
    public void createTables() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(ddl());
        }
    }

    static String ddl() {
        try (InputStream in = OutboxDatabase.class.getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DDL_RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "OutboxDatabase{" + jdbcUrl + "}";
    }
}
