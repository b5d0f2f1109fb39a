package io.eventline.cli.serve;

import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.cli.dlq.RunningJob;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API under a running writer: the order-projections job on a MiniCluster (real Kafka, registry, PostgreSQL)
 * applies orders while readers wait for their own writes ({@code minSequence=3&wait=20s} right after sending
 * them) and samplers read continuously. Every waiting reader gets its exact row; no sampled request fails; the
 * latencies (p50/p99) go to {@code target/serve-latency.txt}.
 */
class ServeUnderRunningJobITCase {

    private static final int ORDERS = 30;
    private static final int READERS = 4;
    private static final int SAMPLERS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningJob job;
    private static Instant lastEventAt;
    private static ServeProcess api;

    @BeforeAll
    static void start() throws Exception {
        job = new RunningJob("serve-job", "SKIP", new Configuration());
        api = new ServeProcess("--jdbc-url", job.jdbcUrl, "--threads", "16", "--max-wait", "30s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (job != null) {
            job.close();
        }
    }

    @Test
    void readersWaitingForTheirWritesGetExactRowsWhileTheJobRuns() throws Exception {
        Map<String, String> expected = new ConcurrentHashMap<>();
        List<Long> ownWriteMs = new CopyOnWriteArrayList<>();
        List<Long> readMs = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(READERS + SAMPLERS);
        try {
            List<Future<?>> samplers = new ArrayList<>();
            for (int s = 0; s < SAMPLERS; s++) {
                int seed = s;
                samplers.add(pool.submit(() -> {
                    int i = seed;
                    while (writing.get()) {
                        String path = i % 3 == 0 ? "/status" : "/orders/ord-" + (i % ORDERS);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = api.get(path);
                        readMs.add((System.nanoTime() - t0) / 1_000_000);
                        if (r.statusCode() != 200 && r.statusCode() != 404) {
                            failures.add(path + " -> " + r.statusCode() + " " + r.body());
                        }
                        i += SAMPLERS;
                    }
                    return null;
                }));
            }
            // Writer and readers: each order's three events, then a reader waits for sequence 3 of that order.
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String id = "ord-" + i;
                Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                lastEventAt = t.plusMillis(2);
                EventEnvelope[] events = {
                    placed(id, "cust-" + (i % 5), 1, t, "59.99", item("WIDGET-01", 1, "49.99"), item("CABLE-02", 1, "10.00")),
                    paid(id, 2, t.plusMillis(1), "59.99"),
                    shipped(id, 3, t.plusMillis(2))};
                expected.put(id, json(fold(events)));
                job.send(events);
                long sent = System.nanoTime();
                readers.add(pool.submit(() -> {
                    HttpResponse<String> r = api.get("/orders/" + id + "?minSequence=3&wait=20s");
                    ownWriteMs.add((System.nanoTime() - sent) / 1_000_000);
                    assertThat(r.statusCode()).as(id + ": " + r.body()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo(expected.get(id));
                    return null;
                }));
                Thread.sleep(50);
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
            writing.set(false);
            for (Future<?> sampler : samplers) {
                sampler.get();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < ORDERS; i++) {
            assertThat(api.get("/orders/ord-" + i).body()).isEqualTo(expected.get("ord-" + i));
        }
        // The status row trails the rows by up to one tick interval (ticks are batched per subtask), so a reader
        // can see its row before the freshness headers exist; once the job is idle they name the last event.
        String last = lastEventAt.toString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("/orders/ord-0").headers().firstValue(Freshness.LAST_EVENT_AT)).hasValue(last));
        HttpResponse<String> health = api.get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");

        String figures = "reads under the running job (" + readMs.size() + " GETs, " + SAMPLERS + " samplers): "
                + percentiles(readMs) + "\nread-your-writes (" + ownWriteMs.size()
                + " orders, send to 200 at minSequence=3): " + percentiles(ownWriteMs) + "\n";
        System.out.print(figures);
        Files.writeString(Path.of("target", "serve-latency.txt"), figures);
        assertThat(readMs).isNotEmpty();
    }

    static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "p50 " + at(sorted, 0.50) + " ms, p99 " + at(sorted, 0.99) + " ms, max " + sorted.get(sorted.size() - 1)
                + " ms";
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private static OrderSummaryRow fold(EventEnvelope... events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            row = OrderSummaryProjection.apply(row, e).state();
        }
        return row;
    }

    /** The row as the API renders it: the columns in table order, money exact, instants ISO-8601. */
    private static String json(OrderSummaryRow row) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order_id", row.orderId);
        m.put("customer_id", row.customerId);
        m.put("status", row.status);
        m.put("item_count", row.itemCount);
        m.put("total", row.total);
        m.put("currency", row.currency);
        m.put("placed_at", row.placedAt.toString());
        m.put("updated_at", row.updatedAt.toString());
        m.put("last_sequence", row.lastSequence);
        m.put("last_event_id", row.lastEventId);
        m.put("version", row.version);
        return JSON.writeValueAsString(m);
    }
}
