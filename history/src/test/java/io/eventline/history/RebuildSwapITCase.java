package io.eventline.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.sink.TestDatabase;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14's rebuild on PostgreSQL and SQLite, as a user runs it ({@code eventline.sh rebuild} as a process) beside
 * the live job, which keeps running throughout:
 * <ol>
 *   <li>a workload with duplicates, reordering, permanent gaps and bad records is applied by the live job; a
 *       rebuild ({@code --no-swap}) equals the live tables row for row;</li>
 *   <li>more traffic reaches the live tables only; a live order row is corrupted and a customer row deleted;</li>
 *   <li>{@code --swap-version} verifies again (the corrupted and the deleted rows listed, the new traffic as live
 *       rows of the rebuild's future), carries the new traffic over and swaps, while readers poll both tables:
 *       they only ever see the tables before or after, never an error or a mix;</li>
 *   <li>the read models equal the workloads' own expectation, and the live job goes on writing into the new
 *       tables (a third batch), while the retired tables keep what they had.</li>
 * </ol>
 */
class RebuildSwapITCase {

    private static WorkloadSettings batch(long seed, String prefix) {
        return WorkloadSettings.demo(200).toBuilder().jsonRate(0).seed(seed).idPrefix(prefix).build();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rebuildVerifySwapBesideTheLiveJob(TestDatabase database) throws Exception {
        String jdbcUrl = database.newDatabase("rebuild");
        try (LiveOrdersJob live = new LiveOrdersJob("rebuild-" + database.name().toLowerCase(), jdbcUrl, 2)) {
            OrderWorkload first = new OrderWorkload(batch(42, ""));
            live.send(first.remaining());
            live.start(null);
            awaitReadModels(jdbcUrl, List.of(first));

            // 1. a rebuild of the whole history equals the live tables row for row
            HistoryScript.Result built = rebuild(live, "--no-swap").requireSuccess();
            assertThat(built.out()).contains("rebuild v2 of order_summary, customer_orders")
                    .containsPattern("verify order_summary: (\\d+) live rows, order_summary__v2: \\1 rows; \\1 equal, 0 different")
                    .containsPattern("verify customer_orders: (\\d+) live rows, customer_orders__v2: \\1 rows; \\1 equal, 0 different")
                    .contains("not swapped");

            // 2. the live tables move on (new orders) and go wrong (a corrupted and a lost row)
            OrderWorkload second = new OrderWorkload(batch(43, "b2-"));
            live.send(second.remaining());
            awaitReadModels(jdbcUrl, List.of(first, second));
            String corrupted = first.orderId(firstOrder(first));
            String lost = firstKey(jdbcUrl, "customer_orders", "customer_id", "cust-%");
            TestDatabase.execute(jdbcUrl, "UPDATE order_summary SET status = 'corrupted' WHERE order_id = '" + corrupted + "'");
            TestDatabase.execute(jdbcUrl, "DELETE FROM customer_orders WHERE customer_id = '" + lost + "'");
            long liveRowsBefore = count(jdbcUrl, "order_summary");
            String before = SwapReaders.digest(jdbcUrl);

            // 3. verify and swap while readers poll
            HistoryScript.Result swapped;
            SwapReaders readers = new SwapReaders(jdbcUrl, 2);
            try {
                Thread.sleep(300);
                swapped = rebuild(live, "--swap-version", "2").requireSuccess();
                Thread.sleep(300);
            } finally {
                readers.close();
            }
            String after = SwapReaders.digest(jdbcUrl);
            System.out.println(database + " swap readers: " + readers.describe());
            assertThat(swapped.out())
                    .contains("content " + corrupted + " (live version")
                    .contains("columns status")
                    .contains("rebuilt-only " + lost + " (live version null")
                    .containsPattern("order_summary__v2: \\d+ rows; \\d+ equal, " + (second.ordersPresent() + 1)
                            + " different, content=1, live-only=" + second.ordersPresent())
                    .containsPattern("customer_orders__v2: \\d+ rows; \\d+ equal, \\d+ different, live-only=\\d+, rebuilt-only=1")
                    .contains("swapped: order_summary is now v2 (the previous table is order_summary__before_v2)")
                    .contains("swapped: customer_orders is now v2");
            assertThat(readers.errors).as("reader errors during the swap").isEmpty();
            assertThat(readers.digests.keySet()).as("what readers saw").isSubsetOf(before, after);
            assertThat(readers.digests).containsKeys(before, after);

            // 4. exact read models, and the live job writes on into the new tables
            assertThat(ReadModelChecker.checkDatabase(jdbcUrl, List.of(first, second)).summary()).startsWith("ok");
            OrderWorkload third = new OrderWorkload(batch(44, "b3-"));
            live.send(third.remaining());
            awaitReadModels(jdbcUrl, List.of(first, second, third));
            assertThat(count(jdbcUrl, "order_summary__before_v2")).isEqualTo(liveRowsBefore);
            assertThat(status(jdbcUrl, "order_summary__before_v2", corrupted)).isEqualTo("corrupted");
        }
    }

    private static HistoryScript.Result rebuild(LiveOrdersJob live, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("rebuild"));
        args.addAll(live.jobArgs());
        args.addAll(List.of("--list", "3"));
        args.addAll(List.of(extra));
        return HistoryScript.run(args);
    }

    private static String firstKey(String jdbcUrl, String table, String key, String like) throws Exception {
        try (Connection c = TestDatabase.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(" + key + ") FROM " + table + " WHERE " + key + " LIKE '" + like + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int firstOrder(OrderWorkload w) {
        for (int k = 0; ; k++) {
            if (w.hasOrder(k)) {
                return k;
            }
        }
    }

    static void awaitReadModels(String jdbcUrl, List<OrderWorkload> workloads) {
        awaitReadModels(jdbcUrl, workloads, Duration.ofSeconds(90));
    }

    static void awaitReadModels(String jdbcUrl, List<OrderWorkload> workloads, Duration timeout) {
        String[] last = {""};
        try {
            Awaitility.await("the read models").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        ReadModelChecker.Result r = ReadModelChecker.checkDatabase(jdbcUrl, workloads);
                        last[0] = r.summary();
                        return r.ok();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; last check: " + last[0], e);
        }
    }

    static long count(String jdbcUrl, String table) throws Exception {
        try (Connection c = TestDatabase.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String status(String jdbcUrl, String table, String orderId) throws Exception {
        try (Connection c = TestDatabase.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status FROM " + table + " WHERE order_id = '" + orderId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
