package io.eventline.common.sink;

import io.eventline.contracts.JdbcCredentials;
import io.eventline.contracts.SqlDialect;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;

/**
 * Where and how read-model sinks write. Immutable; {@link #toString()} shows no password and no URL
 * parameters.
 */
public final class JdbcSinkSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_BATCH_INTERVAL_MS = 1_000;
    public static final int DEFAULT_MAX_RETRIES = 3;

    private final String url;
    private final JdbcCredentials credentials;
    private final int batchSize;
    private final long batchIntervalMs;
    private final int maxRetries;
    private final boolean createMissingTables;

    private JdbcSinkSettings(Builder b) {
        Objects.requireNonNull(b.url, "url");
        this.url = SqlDialect.fromUrl(b.url).writerUrl(b.url); // also fails early on an unsupported database
        this.credentials = b.credentials == null ? JdbcCredentials.NONE : b.credentials;
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + b.batchSize);
        }
        this.batchSize = b.batchSize;
        this.batchIntervalMs = b.batchIntervalMs;
        this.maxRetries = b.maxRetries;
        this.createMissingTables = b.createMissingTables;
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    public String url() {
        return url;
    }

    public SqlDialect dialect() {
        return SqlDialect.fromUrl(url);
    }

    public JdbcCredentials credentials() {
        return credentials;
    }

    public int batchSize() {
        return batchSize;
    }

    public long batchIntervalMs() {
        return batchIntervalMs;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public boolean createMissingTables() {
        return createMissingTables;
    }

    public JdbcConnectionOptions connectionOptions() {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        .withDriverName(dialect() == SqlDialect.POSTGRES ? "org.postgresql.Driver" : "org.sqlite.JDBC");
        b.withUsername(credentials.user());
        b.withPassword(credentials.password());
        return b.build();
    }

    /**
     * Execution options of the wrapped {@code JdbcSink}: the same batch size as the merge buffer and no timer
     * of its own ({@code batchIntervalMs = 0}), so that every JDBC batch is exactly one merged buffer (distinct
     * keys) and is written before the merge buffer returns. The interval is driven by the merging writer.
     */
    public JdbcExecutionOptions executionOptions() {
        return JdbcExecutionOptions.builder()
                .withBatchSize(batchSize)
                .withBatchIntervalMs(0)
                .withMaxRetries(maxRetries)
                .build();
    }

    /** A plain connection for DDL and queries. */
    public Connection openConnection() throws SQLException {
        Properties properties = new Properties();
        if (credentials.user() != null) {
            properties.setProperty("user", credentials.user());
        }
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return "JdbcSinkSettings{url=" + SqlDialect.redactUrl(url) + ", credentials=" + credentials
                + ", batchSize=" + batchSize + ", batchIntervalMs=" + batchIntervalMs + ", maxRetries="
                + maxRetries + ", createMissingTables=" + createMissingTables + "}";
    }

    public static final class Builder {
        private final String url;
        private JdbcCredentials credentials;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private long batchIntervalMs = DEFAULT_BATCH_INTERVAL_MS;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private boolean createMissingTables;

        private Builder(String url) {
            this.url = url;
        }

        public Builder credentials(JdbcCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Flush the merge buffer at least this often; 0 flushes only on size, checkpoint and end of input. */
        public Builder batchIntervalMs(long batchIntervalMs) {
            this.batchIntervalMs = batchIntervalMs;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder createMissingTables(boolean createMissingTables) {
            this.createMissingTables = createMissingTables;
            return this;
        }

        public JdbcSinkSettings build() {
            return new JdbcSinkSettings(this);
        }
    }
}
