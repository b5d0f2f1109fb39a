package io.eventline.testkit.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches read-model tables from outside the job while it runs: every poll reads each row's key, version and a hash
 * of its whole content, and remembers the last (version, hash) per key. A row whose version went down, or that shows
 * a second content under a version already seen, is a history violation: a reader could have seen it. Knows
 * nothing of the job's code, only the tables' key and version columns.
 *
 * <p>Keeping the last (version, hash) per key is enough: a content reappearing under an older version is a version
 * going backwards, caught on the way. Polls that fail (the database down or hung) are counted and skipped.
 */
public final class HistoryChecker implements AutoCloseable {

    /**
     * A table to watch: its name, key column and version column, and the column that orders rows of one version
     * ({@code null}: none), as the job's upsert guard does (order_summary's {@code customer_version}: a customer's
     * change rewrites a row at its version). Rows are then ordered by (version, refresh).
     */
    public record Table(String name, String keyColumn, String versionColumn, String refreshColumn) {
        public Table(String name, String keyColumn, String versionColumn) {
            this(name, keyColumn, versionColumn, null);
        }
    }

    /** One violation: when it was seen, the table and key, and what changed. */
    public record Violation(long atMillis, String table, String key, String kind, long seenVersion, long nowVersion) {
        @Override
        public String toString() {
            return table + " " + key + ": " + kind + " (" + seenVersion + " -> " + nowVersion + ")";
        }
    }

    private final String jdbcUrl;
    private final List<Table> tables;
    private final long intervalMillis;
    private final Map<String, Map<String, long[]>> lastSeen = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong failedPolls = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;

    public HistoryChecker(String jdbcUrl, List<Table> tables, long intervalMillis) {
        this.jdbcUrl = jdbcUrl;
        this.tables = List.copyOf(tables);
        this.intervalMillis = intervalMillis;
        tables.forEach(t -> lastSeen.put(t.name(), new HashMap<>()));
        thread = new Thread(this::run, "history-checker");
        thread.setDaemon(true);
    }

    /** The order read models of the shipped example. */
    public static List<Table> orderTables() {
        return List.of(new Table("order_summary", "order_id", "version", "customer_version"),
                new Table("customer_orders", "customer_id", "version"));
    }

    public HistoryChecker start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
            } catch (SQLException e) {
                failedPolls.incrementAndGet();
                closeConnection(); // a stopped or hung server: reconnect on the next poll
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over every table; public so that a final pass can run after the job finished. */
    public synchronized void pollOnce() throws SQLException {
        if (connection == null) {
            Properties timeouts = new Properties();
            // a hung server (SIGSTOP) must fail a poll, not block the checker
            timeouts.setProperty("connectTimeout", "5");
            timeouts.setProperty("socketTimeout", "20");
            connection = DriverManager.getConnection(jdbcUrl, timeouts);
            connection.setReadOnly(true);
        }
        for (Table t : tables) {
            pollTable(t);
        }
        polls.incrementAndGet();
    }

    private void pollTable(Table t) throws SQLException {
        Map<String, long[]> seen = lastSeen.get(t.name());
        long now = System.currentTimeMillis();
        // hashtext over the row's text form: every column counts, none is named, so new columns are covered too
        String sql = "SELECT " + t.keyColumn() + ", " + t.versionColumn() + ", hashtextextended(r::text, 0), "
                + (t.refreshColumn() == null ? "0" : t.refreshColumn()) + " FROM " + t.name() + " r";
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(30);
            st.setFetchSize(10_000);
            ResultSet rs;
            try {
                rs = st.executeQuery(sql);
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    return; // the job has not created its tables yet
                }
                throw e;
            }
            try (rs) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    long version = rs.getLong(2);
                    long hash = rs.getLong(3);
                    long refresh = rs.getLong(4);
                    long[] last = seen.get(key);
                    if (last == null) {
                        seen.put(key, new long[] {version, hash, refresh});
                    } else if (version < last[0] || (version == last[0] && refresh < last[2])) {
                        violations.add(new Violation(now, t.name(), key, "version went backwards", last[0], version));
                        last[0] = version;
                        last[1] = hash;
                        last[2] = refresh;
                    } else if (version == last[0] && refresh == last[2] && hash != last[1]) {
                        violations.add(new Violation(now, t.name(), key, "two contents for one version", version, version));
                        last[1] = hash;
                    } else {
                        last[0] = version;
                        last[1] = hash;
                        last[2] = refresh;
                    }
                }
            }
        }
    }

    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    public long polls() {
        return polls.get();
    }

    public long failedPolls() {
        return failedPolls.get();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server is gone anyway
            }
            connection = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(60_000);
        synchronized (this) {
            closeConnection();
        }
    }
}
