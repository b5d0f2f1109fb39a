package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.contracts.SqlDialect;
import io.eventline.events.LineItem;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import io.eventline.outbox.command.OrderRejectedException;
import io.eventline.outbox.command.OrderService;
import io.eventline.outbox.relay.OutboxSourceSettings;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Commands through the order service → outbox → relay → Kafka → the order-projections job → order_summary rows,
 * exact: status, total, item count, version and last sequence of every order. Rejected commands leave nothing.
 */
class OutboxEndToEndITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(3).build());

    @Test
    void commandsEndAsExactOrderSummaryRows() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        ApicurioRegistry registry = ApicurioRegistry.shared();
        PostgresServer postgres = PostgresServer.shared();
        OutboxDatabase db = OutboxDatabase.of(postgres.createDatabase("outbox_e2e"));
        db.createTables();
        String readModels = postgres.createDatabase("outbox_e2e_read_models");
        String topic = "outbox-e2e-orders";
        kafka.createTopics(2, topic, topic + ".dlq");

        OrderService orders = new OrderService(db);
        Map<String, Object[]> expected = new TreeMap<>(); // orderId -> {status, total, events}
        for (int i = 1; i <= 12; i++) {
            String id = "ord-e2e-" + i;
            orders.placeOrder(id, "cust-" + (i % 3), List.of(new LineItem("SKU-A", i, new BigDecimal("10.50")),
                    new LineItem("SKU-B", 1, new BigDecimal("0.99"))), "USD");
            BigDecimal total = new BigDecimal("10.50").multiply(BigDecimal.valueOf(i)).add(new BigDecimal("0.99"));
            String status = "placed";
            int events = 1;
            if (i <= 9) {
                orders.authorizePayment(id, "pay-" + i, total);
                status = "paid";
                events++;
            }
            if (i <= 5) {
                orders.ship(id, "DHL", "TRK-" + i);
                status = "shipped";
                events++;
            }
            if (i == 8 || i == 11) {
                orders.cancel(id, "customer request");
                status = "cancelled";
                events++;
            }
            expected.put(id, new Object[] {status, total, events});
        }
        assertThatThrownBy(() -> orders.ship("ord-e2e-12", "DHL", "TRK-x")).isInstanceOf(OrderRejectedException.class);
        assertThatThrownBy(() -> orders.cancel("ord-e2e-1", "too late")).isInstanceOf(OrderRejectedException.class);
        assertThatThrownBy(() -> orders.placeOrder("ord-e2e-2", "cust-x", List.of(new LineItem("S", 1, BigDecimal.ONE)),
                "USD")).isInstanceOf(OrderRejectedException.class);
        int totalEvents = expected.values().stream().mapToInt(v -> (int) v[2]).sum();
        assertThat(postgres.psql("outbox_e2e", "SELECT count(*) FROM outbox").trim()).isEqualTo(String.valueOf(totalEvents));

        JobClient relay = RelayRunner.start(OutboxSourceSettings.defaults(db), kafka.bootstrapServers(), topic,
                registry.ccompatUrl(), "outbox-e2e", 200);
        JobOptions options = JobCommandLine.parse("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--registry-url", registry.ccompatUrl(), "--jdbc-url", readModels, "--create-tables",
                "--starting-offsets", "earliest", "--group-id", "outbox-e2e", "--sink-flush-interval", "PT0.2S");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(200);
        OrderProjectionsJob.wire(env, options);
        JobClient projections = env.executeAsync("order-projections (outbox e2e)");
        try {
            List<OrderSummaryRow> rows = awaitRows(readModels, expected);
            assertThat(rows).hasSize(12);
            for (OrderSummaryRow row : rows) {
                Object[] e = expected.get(row.orderId);
                assertThat(row.status).as(row.orderId).isEqualTo(e[0]);
                assertThat(row.total).as(row.orderId).isEqualByComparingTo((BigDecimal) e[1]);
                assertThat(row.version).as(row.orderId).isEqualTo((long) (int) e[2]);
                assertThat(row.lastSequence).as(row.orderId).isEqualTo((long) (int) e[2]);
                int i = Integer.parseInt(row.orderId.substring("ord-e2e-".length()));
                assertThat(row.itemCount).as(row.orderId).isEqualTo(i + 1); // units: i of SKU-A, 1 of SKU-B
                assertThat(row.currency).isEqualTo("USD");
                assertThat(row.customerId).isEqualTo("cust-" + (i % 3));
            }
            // Every row marked once a checkpoint covered it; `eventline query status` shows the outbox lag.
            long deadline = System.currentTimeMillis() + 20_000;
            while (!postgres.psql("outbox_e2e", "SELECT count(*) FROM outbox WHERE published_at IS NULL").trim().equals("0")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            // As a user runs it: the shipped script, a process (the cli module's jar is built before this module).
            java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
            ProcessBuilder command = new ProcessBuilder("bash", root.resolve("deploy/scripts/eventline.sh").toString(),
                    "query", "status", "--json", "--jdbc-url", readModels, "--outbox-jdbc-url", db.jdbcUrl())
                    .directory(root.toFile()).redirectErrorStream(false);
            command.environment().put("EVENTLINE_CLI_NO_BUILD", "1");
            Process process = command.start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
            assertThat(out.replaceAll("\\s", "")).startsWith(
                    "{\"outbox_unpublished_rows\":0,\"outbox_oldest_unpublished_age_ms\":0}[{\"projection\":");
        } finally {
            projections.cancel().get();
            relay.cancel().get();
        }
    }

    /** Polls order_summary until every order's row has its expected version (or 60 s passed). */
    private static List<OrderSummaryRow> awaitRows(String url, Map<String, Object[]> expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        List<OrderSummaryRow> rows = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = DriverManager.getConnection(url)) {
                rows = new ReadModelReader(c, SqlDialect.POSTGRES).orders();
            } catch (java.sql.SQLException tableNotYetCreated) {
                rows = List.of();
            }
            long done = rows.stream().filter(r -> expected.containsKey(r.orderId)
                    && r.version == (int) expected.get(r.orderId)[2]).count();
            if (done == expected.size()) {
                return rows;
            }
            Thread.sleep(200);
        }
        return rows;
    }
}
