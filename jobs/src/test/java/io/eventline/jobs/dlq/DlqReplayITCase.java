package io.eventline.jobs.dlq;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job with gap policy SKIP on a MiniCluster, real Kafka, registry and PostgreSQL, and the Prometheus reporter
 * on a free port: a poison event is fixed by {@code dlq replay}, a second replay changes nothing, and the
 * dead-letter counter on the Prometheus endpoint counts exactly the bad records sent.
 */
class DlqReplayITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RunningJob job;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            prometheusPort = socket.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(prometheusPort));
        job = new RunningJob("dlq-replay", "SKIP", conf);
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.close();
        }
    }

    static OrderSummaryRow fold(EventEnvelope... events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            row = OrderSummaryProjection.apply(row, e).state();
        }
        return row;
    }

    @Test
    void aPoisonEventIsFixedByReplayAndASecondReplayChangesNothing() throws Exception {
        EventEnvelope placedA = placed("ord-a", "cust-a", 1, at(0), "10.00", item("PEN-01", 2, "5.00"));
        EventEnvelope paidA = paid("ord-a", 2, at(1), "10.00");
        EventEnvelope placedB = placed("ord-b", "cust-b", 1, at(2), "109.98", item("WIDGET-01", 2, "49.99"),
                item("CABLE-02", 1, "10.00"));
        EventEnvelope paidB = paid("ord-b", 2, at(3), "109.98");
        EventEnvelope shippedB = shipped("ord-b", 3, at(4));

        // ord-b's OrderPlaced is missing: after the gap timeout its payment reaches the projection, which rejects
        // it (unknown-aggregate, stage project) and holds the order there: the shipment is parked, not applied.
        job.send(placedA, paidA, paidB, shippedB);
        RunningJob.await("ord-b's gap record and two rejected events", WAIT, () -> job.deadLetters("ord-b").size() == 3);
        // Dead letters of two stages reach the DLQ through a union: their relative order is not defined.
        assertThat(job.deadLetters("ord-b")).extracting(DlqRecord::stage, DlqRecord::reason, DlqRecord::sequence)
                .containsExactlyInAnyOrder(tuple("order", "gap-timeout", 1L), tuple("project", "unknown-aggregate", 2L),
                        tuple("project", "parked", 3L));

        // The missing event turns up after the skip: dead-lettered late-after-skip.
        job.send(placedB);
        RunningJob.await("late-after-skip", WAIT, () -> job.deadLetters("ord-b").size() == 4);
        assertThat(job.deadLetters("ord-b").get(3)).extracting(DlqRecord::stage, DlqRecord::reason, DlqRecord::sequence)
                .containsExactly("order", "late-after-skip", 1L);
        RunningJob.await("ord-a applied", WAIT, () -> fold(placedA, paidA).equals(job.order("ord-a")));
        assertThat(job.order("ord-b")).isNull();

        RunningJob.Cli list = job.dlq("list", "--reason", "unknown-aggregate,parked,late-after-skip");
        assertThat(list.exitCode()).isEqualTo(0);
        assertThat(list.out().lines().skip(2).count()).isEqualTo(3);

        long sourceBefore = job.sourceRecords();
        // Without Flink's core on the classpath, as deploy/scripts/eventline.sh runs it from the job jar.
        RunningJob.Cli dryRun = job.dlqWithoutFlink("replay", "--reason", "late-after-skip,unknown-aggregate,parked",
                "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(0);
        assertThat(dryRun.out()).contains("would replay 3 to " + job.topic);
        assertThat(job.sourceRecords()).isEqualTo(sourceBefore);
        RunningJob.Cli replay = job.dlqWithoutFlink("replay", "--reason", "late-after-skip,unknown-aggregate,parked");
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(0);
        assertThat(replay.out()).contains("replayed 3 to " + job.topic + "; 0 duplicates recorded with them, "
                + "0 already replayed, 0 not replayable");
        assertThat(job.sourceRecords()).isEqualTo(sourceBefore + 3);

        // In sequence order: OrderPlaced (admitted although its gap was skipped), then the event the projection
        // rejected and the one it parked (passed on by the ordering operator although it had released them once);
        // the rejected one applied releases the order's hold.
        OrderSummaryRow expectedB = fold(placedB, paidB, shippedB);
        RunningJob.await("ord-b correct", WAIT, () -> expectedB.equals(job.order("ord-b")));
        OrderSummaryRow b = job.order("ord-b");
        assertThat(b.status).isEqualTo("shipped");
        assertThat(b.lastSequence).isEqualTo(3);
        assertThat(b.version).isEqualTo(3);
        assertThat(b.itemCount).isEqualTo(3);
        assertThat(b.total).isEqualByComparingTo("109.98");
        RunningJob.await("cust-b counted once", WAIT, () -> job.customer("cust-b") != null
                && job.customer("cust-b").version == 3);
        CustomerOrdersRow customer = job.customer("cust-b");
        assertThat(customer.ordersPlaced).isEqualTo(1);
        assertThat(customer.ordersCancelled).isZero();
        assertThat(customer.lifetimeValue).isEqualByComparingTo(new BigDecimal("109.98"));
        assertThat(fold(placedA, paidA)).isEqualTo(job.order("ord-a"));

        Thread.sleep(2_000); // anything the replay would still dead-letter has arrived by now
        assertThat(job.deadLetters("ord-b")).hasSize(4);
        String orders = job.dump("order_summary");
        String customers = job.dump("customer_orders");

        // The same replay again: nothing republished, nothing changes, no new dead letters.
        RunningJob.Cli again = job.dlq("replay", "--reason", "late-after-skip,unknown-aggregate,parked");
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(again.out()).contains("replayed 0 to " + job.topic + "; 0 duplicates recorded with them, "
                + "3 already replayed, 0 not replayable");
        assertThat(job.sourceRecords()).isEqualTo(sourceBefore + 3);
        Thread.sleep(2_000);
        assertThat(job.deadLetters("ord-b")).hasSize(4);
        assertThat(job.dump("order_summary")).isEqualTo(orders);
        assertThat(job.dump("customer_orders")).isEqualTo(customers);

        RunningJob.Cli stats = job.dlqWithoutFlink("stats", "--json");
        assertThat(stats.out()).contains("\"late-after-skip\" : 1").contains("\"unknown-aggregate\" : 1")
                .contains("\"parked\" : 1");
        DlqRecord paymentRejected = job.deadLetters("ord-b").stream()
                .filter(d -> d.stage().equals("project") && Long.valueOf(2).equals(d.sequence()))
                .findFirst().orElseThrow();
        RunningJob.Cli show = job.dlqWithoutFlink("show", paymentRejected.position());
        assertThat(show.out()).contains("value_format      avro-single-object")
                .contains("\"eventId\": \"evt-ord-b-2\"").contains("replayed          true");
    }

    @Test
    void thePrometheusEndpointCountsEveryBadRecord() throws Exception {
        double before = malformedCount(scrape());
        for (int i = 0; i < 3; i++) {
            job.sendRaw("bad-" + i, ("not an event " + i).getBytes(StandardCharsets.UTF_8));
        }
        RunningJob.await("the counter to move", WAIT, () -> malformedCount(scrape()) > before);
        Thread.sleep(1_500); // a fourth increment would have been scraped by now
        String metrics = scrape();
        assertThat(malformedCount(metrics) - before).isEqualTo(3.0);
        // Kept for whoever edits deploy/monitoring: the names the dashboard and alert rules refer to.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "prometheus-scrape.txt"), metrics);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Sum over subtasks of {@code ..._deadLettersWritten_stage_reason_count{stage="deserialize",reason="malformed"}}. */
    static double malformedCount(String metrics) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("flink_taskmanager_job_task_operator_deadLettersWritten_stage_reason_count{")
                    && line.contains("stage=\"deserialize\"") && line.contains("reason=\"malformed\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no malformed dead-letter counter in:\n" + List.of(metrics.split("\n")).stream()
                    .filter(l -> l.contains("deadLetters")).toList());
        }
        return sum;
    }
}
