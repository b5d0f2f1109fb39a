package io.eventline.common.sink;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.time.Duration;
import java.util.Properties;

/**
 * Where and how read-model sinks write. Immutable and serialized with the job graph: it holds the credentials
 * <em>reference</em> (see {@link JdbcCredentials}), never a resolved password. {@link #toString()} shows no
 * password and no URL parameters.
 *
 * <p>Outage handling: a failed batch is retried with exponential backoff ({@link #retryInitialBackoff()},
 * doubling up to {@link #retryMaxBackoff()}) for at most {@link #retryTimeout()}, reconnecting before each try.
 * The default timeout (2 min) stays below Flink's default checkpoint timeout (10 min), so a checkpoint waiting
 * on the sink's flush sees the sink give up first, with a message saying what it tried.
 */
public final class JdbcSinkSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_BATCH_INTERVAL_MS = 1_000;
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(10);

    private final String url;
    private final JdbcCredentials credentials;
    private final int batchSize;
    private final long batchIntervalMs;
    private final Duration retryTimeout;
    private final Duration retryInitialBackoff;
    private final Duration retryMaxBackoff;
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
        if (b.retryTimeout.isNegative() || b.retryInitialBackoff.isNegative() || b.retryInitialBackoff.isZero()
                || b.retryMaxBackoff.compareTo(b.retryInitialBackoff) < 0) {
            throw new IllegalArgumentException("retry timeout must be >= 0 and 0 < initial backoff <= max backoff");
        }
        this.retryTimeout = b.retryTimeout;
        this.retryInitialBackoff = b.retryInitialBackoff;
        this.retryMaxBackoff = b.retryMaxBackoff;
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

    /** How long a failing batch is retried before the writer gives up (and fails the job). 0: no retry. */
    public Duration retryTimeout() {
        return retryTimeout;
    }

    public Duration retryInitialBackoff() {
        return retryInitialBackoff;
    }

    public Duration retryMaxBackoff() {
        return retryMaxBackoff;
    }

    public boolean createMissingTables() {
        return createMissingTables;
    }

    /** A new connection, credentials resolved now (on the TaskManager when a writer calls it). */
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
                + ", batchSize=" + batchSize + ", batchIntervalMs=" + batchIntervalMs + ", retryTimeout="
                + retryTimeout + ", createMissingTables=" + createMissingTables + "}";
    }

    public static final class Builder {
        private final String url;
        private JdbcCredentials credentials;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private long batchIntervalMs = DEFAULT_BATCH_INTERVAL_MS;
        private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
        private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
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

        /** Total time a failing batch is retried; keep it below the checkpoint timeout. 0: fail at once. */
        public Builder retryTimeout(Duration retryTimeout) {
            this.retryTimeout = Objects.requireNonNull(retryTimeout);
            return this;
        }

        /** First wait between tries; it doubles up to {@code max}. */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryInitialBackoff = Objects.requireNonNull(initial);
            this.retryMaxBackoff = Objects.requireNonNull(max);
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
