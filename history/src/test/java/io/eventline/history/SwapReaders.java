package io.eventline.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers that poll both read models in one statement while a swap runs, each answer reduced to a digest: a reader
 * that ever saw a missing table, an error, or a mix of old and new rows shows up as an error or a digest that is
 * neither the state before nor the state after.
 */
final class SwapReaders implements AutoCloseable {

    static final String BOTH_TABLES = "SELECT 'o', order_id, status, version FROM order_summary "
            + "UNION ALL SELECT 'c', customer_id, CAST(lifetime_value AS TEXT), version FROM customer_orders";

    final Map<String, Long> digests = new ConcurrentHashMap<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicLong queries = new AtomicLong();
    final AtomicLong maxLatencyNanos = new AtomicLong();
    private final java.util.Queue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    SwapReaders(String jdbcUrl, int readers) {
        for (int i = 0; i < readers; i++) {
            Thread t = new Thread(() -> poll(jdbcUrl), "swap-reader-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void poll(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            while (!stop) {
                long start = System.nanoTime();
                try {
                    String digest = digest(c);
                    long latency = System.nanoTime() - start;
                    maxLatencyNanos.accumulateAndGet(latency, Math::max);
                    latencies.add(latency);
                    digests.merge(digest, 1L, Long::sum);
                    queries.incrementAndGet();
                } catch (SQLException e) {
                    errors.add(e.getMessage());
                }
            }
        } catch (SQLException e) {
            errors.add("connect: " + e.getMessage());
        }
    }

    /** Queries, median and longest latency: the longest beside the median is the pause a reader saw. */
    String describe() {
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        return String.format("%,d queries, median %.1f ms, longest %.1f ms, answers by state %s", queries.get(), median,
                maxLatencyNanos.get() / 1e6, digests);
    }

    /** The digest of one answer of {@link #BOTH_TABLES}, rows sorted. */
    static String digest(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BOTH_TABLES)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        rows.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> sha.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return rows.size() + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digest(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            return digest(c);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
