package io.eventline.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The history checker on a real PostgreSQL, driven poll by poll (no background thread). */
class HistoryCheckerTest {

    private static PostgresServer server;
    private static String url;

    @BeforeAll
    static void database() {
        server = PostgresServer.shared();
        server.dropDatabase("history_checker");
        url = server.createDatabase("history_checker");
        server.psql("history_checker", "CREATE TABLE order_summary (order_id TEXT PRIMARY KEY, status TEXT, version BIGINT)");
    }

    private static HistoryChecker checker() {
        return new HistoryChecker(url, List.of(new HistoryChecker.Table("order_summary", "order_id", "version")), 10);
    }

    private static void sql(String statement) {
        server.psql("history_checker", statement);
    }

    @Test
    void growingVersionsAndRepeatedReadsAreNoViolation() throws Exception {
        sql("TRUNCATE order_summary");
        HistoryChecker checker = checker();
        sql("INSERT INTO order_summary VALUES ('a', 'placed', 1), ('b', 'placed', 1)");
        checker.pollOnce();
        checker.pollOnce();
        sql("UPDATE order_summary SET status = 'paid', version = 2 WHERE order_id = 'a'");
        checker.pollOnce();
        assertThat(checker.violations()).isEmpty();
        assertThat(checker.polls()).isEqualTo(3);
    }

    @Test
    void aVersionGoingBackwardsAndASecondContentForAVersionAreViolations() throws Exception {
        sql("TRUNCATE order_summary");
        HistoryChecker checker = checker();
        sql("INSERT INTO order_summary VALUES ('a', 'paid', 2), ('b', 'placed', 1)");
        checker.pollOnce();
        sql("UPDATE order_summary SET status = 'placed', version = 1 WHERE order_id = 'a'");
        sql("UPDATE order_summary SET status = 'cancelled' WHERE order_id = 'b'");
        checker.pollOnce();
        assertThat(checker.violations()).extracting(HistoryChecker.Violation::toString).containsExactlyInAnyOrder(
                "order_summary a: version went backwards (2 -> 1)",
                "order_summary b: two contents for one version (1 -> 1)");
    }

    @Test
    void aRefreshAtTheSameVersionIsNoViolationButARefreshGoingBackwardsIs() throws Exception {
        server.psql("history_checker", "DROP TABLE IF EXISTS refreshed; CREATE TABLE refreshed (order_id TEXT PRIMARY KEY,"
                + " customer_name TEXT, version BIGINT, customer_version BIGINT)");
        HistoryChecker checker = new HistoryChecker(url,
                List.of(new HistoryChecker.Table("refreshed", "order_id", "version", "customer_version")), 10);
        sql("INSERT INTO refreshed VALUES ('a', NULL, 1, 0), ('b', 'Ada', 1, 2)");
        checker.pollOnce();
        sql("UPDATE refreshed SET customer_name = 'Ada', customer_version = 1 WHERE order_id = 'a'"); // the customer arrived
        sql("UPDATE refreshed SET customer_name = 'Bob', customer_version = 1 WHERE order_id = 'b'"); // an older copy
        checker.pollOnce();
        sql("UPDATE refreshed SET customer_name = 'Eve' WHERE order_id = 'a'");                      // same (1, 1)
        checker.pollOnce();
        assertThat(checker.violations()).extracting(HistoryChecker.Violation::toString).containsExactlyInAnyOrder(
                "refreshed b: version went backwards (1 -> 1)",
                "refreshed a: two contents for one version (1 -> 1)");
    }

    @Test
    void aMissingTableIsNotAFailedPoll() throws Exception {
        HistoryChecker checker = new HistoryChecker(url,
                List.of(new HistoryChecker.Table("not_created_yet", "id", "version")), 10);
        checker.pollOnce();
        assertThat(checker.polls()).isEqualTo(1);
        assertThat(checker.violations()).isEmpty();
    }
}
