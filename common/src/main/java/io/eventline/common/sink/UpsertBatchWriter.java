package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one merged batch (distinct keys) with the version-guarded upsert, in one transaction, and retries
 * failures an outage can cause: on a connection error, a timeout, a server shutting down or starting, a
 * deadlock or a busy SQLite file, it drops the connection, waits (exponential backoff) and runs the whole batch
 * again on a new connection, until {@link JdbcSinkSettings#retryTimeout()} has passed. Errors no retry can fix
 * (a missing table, bad data, a denied grant) fail at once. The batch is idempotent under the version guard, so
 * running it again after an unknown outcome (a commit whose answer was lost) is harmless.
 *
 * <p>Why not flink-connector-jdbc's writer: its retry reconnects once and then throws (a database down for
 * seconds fails the job at once, whatever {@code maxRetries} says), and its statement executor discards update
 * counts and results, which the version-conflict check below needs.
 *
 * <p>On PostgreSQL a batch is one statement over column arrays ({@link UnnestUpsert}); on SQLite, and for a
 * PostgreSQL table it cannot write (a composite key, an array column), a JDBC batch of the upsert.
 *
 * <p>Version conflicts: for a table {@link UpsertTable#withIdentity with an identity}, rows the guard may have
 * skipped (not returned by the unnest upsert; update count 0, or every row when the driver reports no counts, as
 * pgjdbc does with {@code reWriteBatchedInserts}) are looked up in the same transaction with one
 * {@code SELECT ... WHERE key IN (...)}; a stored row with the same version and another identity is returned as a
 * conflict.
 */
final class UpsertBatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpsertBatchWriter.class);

    /** A row the guard skipped because the stored row has its version but another identity. */
    record Conflict<T>(T row, String storedIdentity) {}

    /** Opens connections; {@link JdbcSinkSettings#openConnection()} in a job. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** Waits between tries; {@link Thread#sleep} in a job. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final UpsertTable<T> table;
    private final JdbcSinkSettings settings;
    private final Connector connector;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private Connection connection;
    /** The batched upsert; {@code null} where {@link #unnest} writes the batches. */
    private PreparedStatement upsert;
    /** PostgreSQL's one-statement upsert of a batch, {@code null} elsewhere. */
    private UnnestUpsert<T> unnest;
    private long retries;

    UpsertBatchWriter(UpsertTable<T> table, JdbcSinkSettings settings) {
        this(table, settings, settings::openConnection, Thread::sleep, System::nanoTime);
    }

    UpsertBatchWriter(UpsertTable<T> table, JdbcSinkSettings settings, Connector connector, Sleeper sleeper,
            LongSupplier nanoClock) {
        this.table = table;
        this.settings = settings;
        this.connector = connector;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** Tries that failed and were retried, since this writer was created. */
    long retries() {
        return retries;
    }

    /** Opens the connection and prepares the statement: fails at start on a missing table (SQLite prepares eagerly). */
    void open() throws SQLException {
        connect();
    }

    /**
     * Writes the rows (distinct keys) and commits; returns the version conflicts found.
     *
     * @throws IOException when a non-retriable error occurs or the retry timeout has passed; the message says how
     *     many tries over how long, and the last cause
     */
    List<Conflict<T>> write(Collection<T> rows) throws IOException, InterruptedException {
        long start = nanoClock.getAsLong();
        long budget = settings.retryTimeout().toNanos();
        long backoff = settings.retryInitialBackoff().toMillis();
        int tries = 0;
        while (true) {
            tries++;
            try {
                return attempt(rows);
            } catch (SQLException e) {
                disconnect();
                long elapsed = nanoClock.getAsLong() - start;
                boolean retriable = retriable(e);
                if (!retriable || elapsed + backoff * 1_000_000L > budget) {
                    throw new IOException(failure(rows.size(), tries, elapsed, retriable, e), e);
                }
                retries++;
                LOG.warn("upsert sink {}: try {} of a batch of {} rows failed ({}); retrying in {} ms", table.table(),
                        tries, rows.size(), MergingUpsertSink.MergingWriter.rootMessage(e), backoff);
                sleeper.sleep(backoff);
                backoff = Math.min(backoff * 2, settings.retryMaxBackoff().toMillis());
            }
        }
    }

    private String failure(int rows, int tries, long elapsedNanos, boolean retriable, SQLException e) {
        String what = "JDBC sink for table " + table.table() + " at " + SqlDialect.redactUrl(settings.url())
                + " could not write a batch of " + rows + " merged rows: ";
        String tried = retriable
                ? tries + (tries == 1 ? " try" : " tries") + " over " + Duration.ofNanos(elapsedNanos).toMillis()
                        + " ms (retry timeout " + settings.retryTimeout().toMillis() + " ms)"
                : "not retried (an error retries cannot fix)";
        return what + tried + "; failing the job so that the rows are rewritten from the last checkpoint once the"
                + " cause is fixed. Cause: " + MergingUpsertSink.MergingWriter.rootMessage(e);
    }

    private List<Conflict<T>> attempt(Collection<T> rows) throws SQLException {
        connect();
        RowBinder<T> binder = table.binder();
        SqlDialect dialect = settings.dialect();
        try {
            List<Conflict<T>> conflicts;
            if (unnest != null) {
                Set<String> written = unnest.write(rows);
                conflicts = table.identityColumn() == null ? List.of() : conflicts(skipped(rows, written));
            } else {
                for (T row : rows) {
                    binder.bind(upsert, row, dialect);
                    upsert.addBatch();
                }
                int[] counts = upsert.executeBatch();
                conflicts = table.identityColumn() == null ? List.of() : conflicts(skipped(rows, counts));
            }
            connection.commit();
            return conflicts;
        } catch (SQLException | RuntimeException | AssertionError e) {
            try {
                if (unnest == null) {
                    upsert.clearBatch();
                }
                connection.rollback();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is dropped by the caller anyway
            }
            if (e instanceof AssertionError && connection.isClosed()) {
                // pgjdbc asserts (under -ea, as in tests) that a statement's connection is open: a lost connection
                throw new SQLRecoverableException("the connection was closed", "08003", e);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The rows of the batch the guard may have skipped, by key: update count 0 or no count. */
    private Map<Object, T> skipped(Collection<T> rows, int[] counts) {
        Map<Object, T> candidates = new HashMap<>();
        int i = 0;
        for (T row : rows) {
            int count = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
            if (count == 0 || count == Statement.SUCCESS_NO_INFO) {
                candidates.put(table.keyOf(row), row);
            }
            i++;
        }
        return candidates;
    }

    /** The rows of the batch the guard skipped, by key: those whose key the upsert did not return. */
    private Map<Object, T> skipped(Collection<T> rows, Set<String> written) {
        Map<Object, T> candidates = new HashMap<>();
        for (T row : rows) {
            Object key = table.keyOf(row);
            if (!written.contains(String.valueOf(key))) {
                candidates.put(key, row);
            }
        }
        return candidates;
    }

    private List<Conflict<T>> conflicts(Map<Object, T> candidates) throws SQLException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Conflict<T>> conflicts = new ArrayList<>();
        List<Object> keys = new ArrayList<>(candidates.keySet());
        try (PreparedStatement query = connection.prepareStatement(table.storedIdentitySql(keys.size()))) {
            for (int k = 0; k < keys.size(); k++) {
                query.setObject(k + 1, keys.get(k));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    T row = candidates.get(rs.getObject(1));
                    if (row == null) {
                        continue;
                    }
                    long storedVersion = rs.getLong(2);
                    String storedIdentity = rs.getString(3);
                    if (storedVersion == table.versionOf(row) && !storedIdentity.equals(table.identityOf(row))) {
                        conflicts.add(new Conflict<>(row, storedIdentity));
                    }
                }
            }
        }
        return conflicts;
    }

    private void connect() throws SQLException {
        if (connection != null) {
            return;
        }
        Connection c = connector.open();
        try {
            c.setAutoCommit(false);
            unnest = settings.dialect() == SqlDialect.POSTGRES ? UnnestUpsert.prepare(table, c) : null;
            upsert = unnest == null ? c.prepareStatement(table.upsertSql()) : null;
            c.commit(); // the column-type probe's transaction
            connection = c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void disconnect() {
        if (connection != null) {
            closeQuietly(connection);
        }
        connection = null;
        upsert = null;
        unnest = null;
    }

    /**
     * Failures an outage causes, which a new connection a little later can fix: connection errors (SQLState class
     * 08), insufficient resources (53), operator intervention such as shutdown or startup (57), transaction
     * rollbacks such as deadlocks (40), lock timeouts (55P03), a busy or locked SQLite file, and whatever the
     * driver marks transient or recoverable (socket timeouts included).
     */
    static boolean retriable(SQLException error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40") || state.equals("55P03"))) {
                    return true;
                }
                String message = String.valueOf(s.getMessage());
                if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to do with a broken connection
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
