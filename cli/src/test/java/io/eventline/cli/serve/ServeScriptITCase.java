package io.eventline.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.cli.query.ReadModelFixture;
import io.eventline.common.sink.TestDatabase;
import io.eventline.jobs.orders.projection.OrderReadModelsTestRows;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/scripts/eventline.sh serve} as a process over a real SQLite file written with the job's own DDL and
 * upserts, through the JDK's HTTP client: exact bodies, status codes and freshness headers; read-your-writes waits
 * that succeed when the write lands during the wait and that time out; clean 4xx for bad requests. Runs after
 * {@code package} (cli/pom.xml binds it to {@code integration-test}).
 */
class ServeScriptITCase {

    static final String ORD1_JSON = "{\"order_id\":\"ord-1\",\"customer_id\":\"cust-1\",\"status\":\"delivered\","
            + "\"item_count\":3,\"total\":109.98,\"currency\":\"USD\",\"placed_at\":\"2025-06-28T10:00:00Z\","
            + "\"updated_at\":\"2025-06-28T10:03:00Z\",\"last_sequence\":4,\"last_event_id\":\"evt-ord-1-4\","
            + "\"version\":4,\"customer_name\":\"Ada\",\"customer_tier\":null}";
    static final String STATUS_ROW = "{\"projection\":\"%s\",\"last_event_at\":\"2025-06-28T10:30:00Z\","
            + "\"updated_at\":\"2025-06-28T10:30:00Z\",\"lag_ms\":1800000,\"events_applied\":13,\"version\":13}";

    static String url;
    static ServeProcess api;

    @BeforeAll
    static void start() throws Exception {
        url = ReadModelFixture.database(TestDatabase.SQLITE);
        // The fixture's projections lag 30 min: within --max-lag 45m, so /health is UP.
        api = new ServeProcess("--jdbc-url", url, "--max-wait", "10s", "--max-lag", "45m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void anOrderIsItsRowAsJsonWithTheProjectionsFreshness() throws Exception {
        HttpResponse<String> order = api.get("/orders/ord-1");
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).isEqualTo(ORD1_JSON);
        assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(order.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(order.headers().firstValue("Eventline-Last-Event-At")).hasValue("2025-06-28T10:30:00Z");
        assertThat(order.headers().firstValue("Eventline-Lag-Ms")).hasValue("1800000");
        // Already at the sequence asked for: at once, no waiting.
        assertThat(api.get("/orders/ord-1?minSequence=4&wait=5s").body()).isEqualTo(ORD1_JSON);
    }

    @Test
    void customersStatusAndHealth() throws Exception {
        HttpResponse<String> customer = api.get("/customers/cust-1");
        assertThat(customer.statusCode()).isEqualTo(200);
        assertThat(customer.body()).isEqualTo("{\"customer_id\":\"cust-1\",\"orders_placed\":2,\"orders_cancelled\":1,"
                + "\"lifetime_value\":109.98,\"last_order_at\":\"2025-06-28T10:10:00Z\","
                + "\"updated_at\":\"2025-06-28T10:11:00Z\",\"version\":6}");
        assertThat(customer.headers().firstValue("Eventline-Lag-Ms")).hasValue("1800000");
        HttpResponse<String> status = api.get("/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).isEqualTo("[" + STATUS_ROW.formatted("customer_orders") + ","
                + STATUS_ROW.formatted("order_summary") + "]");
        HttpResponse<String> health = api.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"max_lag_ms\":2700000,\"projections\":["
                + STATUS_ROW.formatted("customer_orders") + "," + STATUS_ROW.formatted("order_summary") + "]}");
    }

    @Test
    void healthIsLaggingPastMaxLagAndDownWithoutItsDatabase() throws Exception {
        try (ServeProcess strict = new ServeProcess("--jdbc-url", url)) {
            HttpResponse<String> health = strict.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"LAGGING\",\"max_lag_ms\":60000,\"projections\":[");
        }
        try (ServeProcess down = new ServeProcess("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?user=x")) {
            HttpResponse<String> health = down.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"DOWN\",\"max_lag_ms\":60000,\"message\":\"read models unreadable: ");
        }
    }

    @Test
    void aWaitSucceedsWhenTheWriteLandsDuringIt() throws Exception {
        write(order("ord-w", 1));
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = api.http.sendAsync(
                HttpRequest.newBuilder(api.base.resolve("/orders/ord-w?minSequence=2&wait=8s")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        assertThat(waiting).isNotDone();
        write(order("ord-w", 2));
        HttpResponse<String> response = waiting.get();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).get("last_sequence").asLong()).isEqualTo(2);
        assertThat(elapsedMs).as("answered by the write, not the 8 s timeout").isBetween(1_000L, 7_000L);
    }

    @Test
    void aWaitThatRunsOutIs202PendingAndWithoutMinSequence404() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> behind = api.get("/orders/ord-1?minSequence=9&wait=1s");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(behind.statusCode()).isEqualTo(202);
        assertThat(behind.body()).isEqualTo("{\"status\":\"pending\",\"order_id\":\"ord-1\",\"min_sequence\":9,"
                + "\"last_sequence\":4,\"waited_ms\":1000}");
        assertThat(behind.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(elapsedMs).isBetween(1_000L, 5_000L);

        assertThat(api.get("/orders/ord-new?minSequence=1&wait=200ms").body()).isEqualTo("{\"status\":\"pending\","
                + "\"order_id\":\"ord-new\",\"min_sequence\":1,\"last_sequence\":null,\"waited_ms\":200}");
        start = System.nanoTime();
        HttpResponse<String> absent = api.get("/orders/ord-404?wait=500ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(absent.body()).isEqualTo("{\"error\":\"not-found\",\"message\":\"order ord-404 not found\"}");
    }

    @Test
    void badRequestsGetClean4xxAndLeaveTheTablesAlone() throws Exception {
        assertError(api.get("/customers/cust-404"), 404, "not-found", "customer cust-404 not found");
        String badId = "invalid id: 1 to 128 of A-Z a-z 0-9 . _ : @ - (starting with a letter or digit)";
        assertError(api.get("/orders/ord-1'%20OR%20'1'%3D'1"), 400, "bad-request", badId);
        assertError(api.get("/orders/ord-1%3B%20DROP%20TABLE%20order_summary"), 400, "bad-request", badId);
        assertError(api.get("/customers/" + "c".repeat(129)), 400, "bad-request", badId);
        assertError(api.get("/orders/ord-1?minSequence=abc"), 400, "bad-request",
                "minSequence must be a whole number of at least 1, not 'abc'");
        assertError(api.get("/orders/ord-1?minSequence=0"), 400, "bad-request",
                "minSequence must be a whole number of at least 1, not '0'");
        assertError(api.get("/orders/ord-1?wait=forever"), 400, "bad-request",
                "wait: not a duration (e.g. 500ms, 10s, 2m, PT10S): forever");
        assertError(api.get("/orders/ord-1?wait=1m"), 400, "bad-request", "wait must be between 0 and 10000 ms, not '1m'");
        assertError(api.get("/orders/ord-1?minsequence=4"), 400, "bad-request",
                "unknown parameter 'minsequence' (known: minSequence, wait)");
        assertError(api.get("/orders/ord-1?minSequence=1&minSequence=2"), 400, "bad-request",
                "parameter 'minSequence' given twice");
        assertError(api.get("/status?limit=1"), 400, "bad-request", "unknown parameter 'limit' (this resource takes none)");
        assertError(api.get("/order_summary"), 404, "not-found", "no resource /order_summary (see /openapi.json)");
        HttpResponse<String> post = api.send(HttpRequest.newBuilder(api.base.resolve("/orders/ord-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(post, 405, "method-not-allowed", "POST /orders/ord-1: only GET");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(api.get("/orders/ord-1").body()).isEqualTo(ORD1_JSON);
        assertThat(api.stderr()).isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        HttpResponse<String> doc = api.get("/openapi.json");
        assertThat(doc.statusCode()).isEqualTo(200);
        var tree = new ObjectMapper().readTree(doc.body());
        assertThat(tree.get("openapi").asText()).isEqualTo("3.0.3");
        List<String> paths = new ArrayList<>();
        tree.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactly("/orders/{orderId}", "/customers/{customerId}", "/status", "/health",
                "/openapi.json");
        List<String> orderCodes = new ArrayList<>();
        tree.at("/paths/~1orders~1{orderId}/get/responses").fieldNames().forEachRemaining(orderCodes::add);
        assertThat(orderCodes).containsExactly("200", "202", "400", "404", "503");
        // Every documented path answers (ids filled in), none with 404.
        for (String path : paths) {
            URI uri = api.base.resolve(path.replace("{orderId}", "ord-1").replace("{customerId}", "cust-1"));
            assertThat(api.send(HttpRequest.newBuilder(uri).build()).statusCode()).as(path).isEqualTo(200);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        assertThat(response.body()).isEqualTo(new ObjectMapper().writeValueAsString(body));
    }

    static OrderSummaryRow order(String id, long sequence) {
        OrderSummaryRow row = OrderReadModelsTestRows.ord1();
        row.orderId = id;
        row.lastSequence = sequence;
        row.lastEventId = "evt-" + id + "-" + sequence;
        row.version = sequence;
        return row;
    }

    private static void write(OrderSummaryRow row) throws Exception {
        ReadModelFixture.write(url, TestDatabase.SQLITE.dialect(), ReadModelTables.ORDER_SUMMARY, row);
    }
}
