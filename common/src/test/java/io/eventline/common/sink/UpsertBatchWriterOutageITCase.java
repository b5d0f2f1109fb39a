package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.testkit.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer against a real PostgreSQL that goes away: stopped and restarted, and frozen (SIGSTOP, a black hole).
 * A server of its own, not the shared one, since it is stopped.
 */
class UpsertBatchWriterOutageITCase {

    private static PostgresServer pg;
    private static int databases;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
    }

    /** Whatever a test did, the next one starts with a running server. */
    @AfterEach
    void thaw() {
        pg.freeze(false);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static String newTable() throws Exception {
        String url = pg.createDatabase("outage_" + (++databases));
        TestDatabase.execute(url, TestRow.ddl(SqlDialect.POSTGRES));
        // one-second socket and connect timeouts keep the black-hole test short; the defaults are 60 s and 10 s
        return url + "&reWriteBatchedInserts=true&socketTimeout=1&connectTimeout=1";
    }

    private static List<TestRow> rows(long version, int n) {
        List<TestRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(TestRow.of("k" + i, version + ".00", version));
        }
        return rows;
    }

    private static List<String> stored(String url) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, amount, version FROM test_rows ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getBigDecimal(2) + "@v" + rs.getLong(3));
            }
        }
        return rows;
    }

    private static List<String> expected(long version, int n) {
        List<String> rows = new ArrayList<>();
        for (TestRow r : rows(version, n)) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aBatchDuringARestartOfTheServerIsRetriedUntilItIsBackAndWrittenOnce() throws Exception {
        String url = newTable();
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).retryTimeout(Duration.ofSeconds(20))
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
        try (UpsertBatchWriter<TestRow> writer = new UpsertBatchWriter<>(TestRow.TABLE, settings)) {
            writer.open();
            writer.write(rows(1, 20));
            pg.stopKeepingData();
            ExecutorService restarter = Executors.newSingleThreadExecutor();
            Future<?> back = restarter.submit(() -> {
                sleep(2_000);
                pg.restart();
            });
            restarter.shutdown();
            long start = System.nanoTime();
            writer.write(rows(2, 20)); // the connection is gone and the server refuses connections for ~2 s
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            back.get(30, TimeUnit.SECONDS);
            assertThat(writer.retries()).isGreaterThanOrEqualTo(2);
            assertThat(tookMs).isBetween(1_500L, 15_000L);
        }
        assertThat(stored(url)).containsExactlyInAnyOrderElementsOf(expected(2, 20));
    }

    @Test
    void aFrozenServerCostsOneSocketTimeoutPerTryAndTheBatchIsWrittenOnceItThaws() throws Exception {
        String url = newTable();
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).retryTimeout(Duration.ofSeconds(20))
                .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build();
        try (UpsertBatchWriter<TestRow> writer = new UpsertBatchWriter<>(TestRow.TABLE, settings)) {
            writer.open();
            writer.write(rows(1, 5));
            pg.freeze(true);
            // A thread of its own: the common pool has a single thread on a 2-core machine, and a busy one there
            // left the server frozen for the rest of the class.
            ExecutorService thawer = Executors.newSingleThreadExecutor();
            Future<?> thawed = thawer.submit(() -> {
                sleep(3_000);
                pg.freeze(false);
            });
            thawer.shutdown();
            try {
                long start = System.nanoTime();
                writer.write(rows(2, 5));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(writer.retries()).isGreaterThanOrEqualTo(1);
                assertThat(tookMs).isBetween(2_500L, 12_000L);
            } finally {
                thawed.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(stored(url)).containsExactlyInAnyOrderElementsOf(expected(2, 5));
    }

    @Test
    void aServerFrozenLongerThanTheRetryTimeoutFailsTheBatchSayingWhatWasTried() throws Exception {
        String url = newTable();
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).retryTimeout(Duration.ofSeconds(3))
                .retryBackoff(Duration.ofMillis(200), Duration.ofMillis(400)).build();
        try (UpsertBatchWriter<TestRow> writer = new UpsertBatchWriter<>(TestRow.TABLE, settings)) {
            writer.open();
            pg.freeze(true);
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> writer.write(rows(1, 3)))
                        .isInstanceOf(IOException.class)
                        .hasMessageStartingWith("JDBC sink for table test_rows at " + SqlDialect.redactUrl(url)
                                + " could not write a batch of 3 merged rows: ")
                        .hasMessageMatching(".*: [0-9]+ tries over [0-9]+ ms \\(retry timeout 3000 ms\\); failing the"
                                + " job so that the rows are rewritten from the last checkpoint once the cause is"
                                + " fixed\\. Cause: .*")
                        .hasMessageNotContaining("password");
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(tookMs).isBetween(2_000L, 7_000L); // the timeout plus at most one try's socket timeout
            } finally {
                pg.freeze(false);
            }
        }
        assertThat(stored(url)).isEmpty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
