package io.eventline.cli.query;

import static io.eventline.jobs.orders.projection.OrderEvents.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.cli.EventlineCli;
import io.eventline.common.sink.TestDatabase;
import io.eventline.jobs.orders.projection.OrderReadModelsTestRows;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The query CLI against a real PostgreSQL and an SQLite file. */
class QueryCliITCase {

    record Result(int exitCode, String out, String err) {}

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EventlineCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void queriesOrdersCustomersAndStatus(TestDatabase db) throws Exception {
        String url = ReadModelFixture.database(db);

        Result order = cli("query", "order", "ord-1", "--jdbc-url", url);
        assertThat(order).isEqualTo(new Result(0, ReadModelFixture.ORD1_TABLE, ""));

        Result json = cli("query", "order", "ord-1", "--json", "--min-sequence", "4", "--jdbc-url", url);
        assertThat(json).isEqualTo(new Result(0, String.join("\n",
                "{",
                "  \"order_id\" : \"ord-1\",",
                "  \"customer_id\" : \"cust-1\",",
                "  \"status\" : \"delivered\",",
                "  \"item_count\" : 3,",
                "  \"total\" : 109.98,",
                "  \"currency\" : \"USD\",",
                "  \"placed_at\" : \"2025-06-28T10:00:00Z\",",
                "  \"updated_at\" : \"2025-06-28T10:03:00Z\",",
                "  \"last_sequence\" : 4,",
                "  \"last_event_id\" : \"evt-ord-1-4\",",
                "  \"version\" : 4,",
                "  \"customer_name\" : \"Ada\",",
                "  \"customer_tier\" : null",
                "}", ""), ""));

        assertThat(cli("query", "customer", "cust-1", "--jdbc-url", url, "--json")).isEqualTo(new Result(0, String.join("\n",
                "{",
                "  \"customer_id\" : \"cust-1\",",
                "  \"orders_placed\" : 2,",
                "  \"orders_cancelled\" : 1,",
                "  \"lifetime_value\" : 109.98,",
                "  \"last_order_at\" : \"2025-06-28T10:10:00Z\",",
                "  \"updated_at\" : \"2025-06-28T10:11:00Z\",",
                "  \"version\" : 6",
                "}", ""), ""));

        assertThat(cli("query", "status", "--jdbc-url", url)).isEqualTo(new Result(0, String.join("\n",
                "projection       last_event_at         updated_at            lag_ms   events_applied  version",
                "---------------  --------------------  --------------------  -------  --------------  -------",
                "customer_orders  2025-06-28T10:30:00Z  2025-06-28T10:30:00Z  1800000  13              13",
                "order_summary    2025-06-28T10:30:00Z  2025-06-28T10:30:00Z  1800000  13              13", ""), ""));
        assertThat(NOW).hasToString("2025-06-28T11:00:00Z");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void notFoundAndNotYetAtTheSequenceExitWithOne(TestDatabase db) throws Exception {
        String url = ReadModelFixture.database(db);
        assertThat(cli("query", "order", "ord-404", "--jdbc-url", url))
                .isEqualTo(new Result(1, "", "order ord-404 not found\n"));
        assertThat(cli("query", "customer", "cust-404", "--jdbc-url", url))
                .isEqualTo(new Result(1, "", "customer cust-404 not found\n"));
        assertThat(cli("query", "order", "ord-1", "--min-sequence", "5", "--jdbc-url", url))
                .isEqualTo(new Result(1, "", "order ord-1 is at sequence 4, not yet at 5\n"));
        long start = System.nanoTime();
        assertThat(cli("query", "order", "ord-1", "--min-sequence", "5", "--wait", "300ms", "--jdbc-url", url))
                .isEqualTo(new Result(1, "", "order ord-1 is at sequence 4, not yet at 5 after waiting 300 ms\n"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 5_000L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void waitSucceedsOnceTheRowAppears(TestDatabase db) throws Exception {
        String url = ReadModelFixture.database(db);
        CompletableFuture<Result> query = CompletableFuture.supplyAsync(
                () -> cli("query", "order", "ord-1", "--min-sequence", "5", "--wait", "20s", "--json", "--jdbc-url", url));
        Thread.sleep(400);
        assertThat(query).isNotDone();
        var next = OrderReadModelsTestRows.ord1();
        next.lastSequence = 5;
        next.lastEventId = "evt-ord-1-5";
        next.version = 5;
        ReadModelFixture.write(url, db.dialect(), ReadModelTables.ORDER_SUMMARY, next);
        Result result = query.get(10, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"last_sequence\" : 5,", "\"last_event_id\" : \"evt-ord-1-5\",");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(cli("query", "order", "--jdbc-url", "jdbc:sqlite:x.db").exitCode()).isEqualTo(2);
        assertThat(cli("query", "order", "o", "--wait", "soon", "--jdbc-url", "jdbc:sqlite:x.db").exitCode()).isEqualTo(2);
        assertThat(cli("query", "order", "o", "--jdbc-url", "jdbc:mysql://h/db").exitCode()).isEqualTo(2);
        assertThat(cli("query", "order", "o", "--min-sequence", "0", "--jdbc-url", "jdbc:sqlite:x.db").exitCode())
                .isEqualTo(2);
        assertThat(cli("query").exitCode()).isEqualTo(2);
        assertThat(cli().exitCode()).isEqualTo(2);
        assertThat(cli("nonsense").exitCode()).isEqualTo(2);
        Result help = cli("query", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("order", "customer", "status");
    }

    @Test
    void anUnreachableDatabaseIsAnError() {
        Result r = cli("query", "status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: ");
        assertThat(List.of(r.out())).containsExactly("");
    }
}
