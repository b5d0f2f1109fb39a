package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.NOW;
import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.TestDatabase;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end on a Flink MiniCluster (parallelism 2): projections and sinks into a real PostgreSQL 15 and an
 * SQLite file, tables created by the sinks on start.
 */
class OrderReadModelsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String[] TABLES = {"order_summary", "customer_orders", "projection_status"};

    /** Runs the projections over {@code events} into {@code url}; returns the dead letters. */
    static List<DeadLetter> run(List<EventEnvelope> events, String url) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // small batches: several flushes per run, and merges inside them
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(4).batchIntervalMs(200)
                .createMissingTables(true).build();
        OrderReadModels.Streams models = OrderReadModels.project(
                env.fromData(events, new AvroTypeInfo<>(EventEnvelope.class)), "orders-job", () -> NOW);
        OrderReadModels.sinkTo(models, settings);
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (CloseableIterator<DeadLetter> it = models.deadLetters.executeAndCollect("read-models")) {
            it.forEachRemaining(deadLetters::add);
        }
        deadLetters.sort(Comparator.comparing(DeadLetter::getEventId));
        return deadLetters;
    }

    static String dumpAll(String url) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String table : TABLES) {
            out.append("# ").append(table).append('\n').append(TestDatabase.dump(url, table)).append('\n');
        }
        return out.toString();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void projectsTheScenarioIntoExactRowsAndDeadLetters(TestDatabase db) throws Exception {
        String url = db.newDatabase("scenario");
        List<DeadLetter> deadLetters = run(OrderEvents.scenario(), url);

        try (Connection c = TestDatabase.connect(url)) {
            ReadModelReader reader = new ReadModelReader(c, db.dialect());
            assertThat(reader.orders()).containsExactly(
                    // cust-1 registered as Ada (EventEnvelope v4 without tier): denormalized into its orders
                    withCustomer(order("ord-1", "cust-1", "delivered", 3, "109.98", 0, 3, 4), "Ada", null, 1),
                    withCustomer(order("ord-2", "cust-1", "cancelled", 1, "20.00", 10, 11, 2), "Ada", null, 1),
                    order("ord-3", "cust-2", "paid", 1, "5.50", 5, 7, 3),
                    order("ord-4", "cust-2", "cancelled", 4, "100.00", 20, 22, 3),
                    order("ord-5", "cust-3", "placed", 2, "12.34", 30, 30, 1));
            assertThat(reader.customers()).containsExactly(
                    CustomerOrdersProjectionTest.customer("cust-1", 2, 1, "109.98", 10, 11, 6),
                    CustomerOrdersProjectionTest.customer("cust-2", 2, 1, "5.50", 20, 22, 6),
                    CustomerOrdersProjectionTest.customer("cust-3", 1, 0, "0.00", 30, 30, 1));
            assertThat(reader.status()).containsExactly(
                    status("customer_orders", 13), status("order_summary", 13));
        }

        OrderEnvelopeCodec accessor = new OrderEnvelopeCodec();
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0)).isEqualTo(DeadLetters.forEvent(OrderEvents.shipped("ord-2", 3, at(12)), accessor,
                        Stage.PROJECT, "illegal-transition", "OrderShipped is not allowed for order ord-2 in status cancelled",
                        "orders-job").setFailedAt(deadLetters.get(0).getFailedAt()).build());
        assertThat(deadLetters.get(1)).isEqualTo(DeadLetters.forEvent(OrderEvents.shipped("ord-9", 1, at(25)), accessor,
                        Stage.PROJECT, "unknown-aggregate", "OrderShipped for order ord-9 that was never placed",
                        "orders-job").setFailedAt(deadLetters.get(1).getFailedAt()).build());
    }

    /**
     * The same stream applied twice, interleaved differently across keys, and replayed from an earlier point
     * gives byte-identical tables.
     *
     * <p>A restore from a checkpoint taken after event k re-runs events k..n from the state at k; the projections
     * are deterministic (see OrderSummaryFunctionHarnessTest#restoringASnapshotAndReplayingTheRestGivesTheSameRows),
     * so the sinks then see again exactly the snapshots they saw after k, while the tables may already hold later
     * ones. A fresh run over the whole stream is the extreme case (checkpoint at 0) and re-emits every snapshot
     * the tables may hold; a run over a prefix re-emits only older ones. Both are applied here against tables
     * that are behind (a prefix written first) and ahead (the full stream written first).
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twiceInterleavedAndReplayedGiveByteIdenticalTables(TestDatabase db) throws Exception {
        List<EventEnvelope> events = OrderEvents.scenario();

        String once = db.newDatabase("once");
        run(events, once);
        String expected = dumpAll(once);
        assertThat(expected).contains("order_id=ord-1|customer_id=cust-1|status=delivered|item_count=3|total=109.98");

        run(events, once); // applied twice
        assertThat(dumpAll(once)).isEqualTo(expected);
        run(OrderEvents.prefix(events, 2), once); // replay of an earlier point: tables ahead, older snapshots
        assertThat(dumpAll(once)).isEqualTo(expected);

        String replayed = db.newDatabase("replayed");
        run(OrderEvents.prefix(OrderEvents.interleave(events, 3), 1), replayed); // a run cut short
        run(OrderEvents.interleave(events, 11), replayed); // restarted from the beginning, another interleaving
        assertThat(dumpAll(replayed)).isEqualTo(expected);

        String roundRobin = db.newDatabase("roundrobin");
        run(OrderEvents.roundRobin(events), roundRobin);
        assertThat(dumpAll(roundRobin)).isEqualTo(expected);
    }

    static OrderSummaryRow withCustomer(OrderSummaryRow row, String name, String tier, long customerVersion) {
        row.customerName = name;
        row.customerTier = tier;
        row.customerVersion = customerVersion;
        return row;
    }

    static OrderSummaryRow order(String id, String customer, String status, int items, String total, int placedMin,
            int updatedMin, long version) {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = id;
        r.customerId = customer;
        r.status = status;
        r.itemCount = items;
        r.total = new BigDecimal(total);
        r.currency = "USD";
        r.placedAt = at(placedMin);
        r.updatedAt = at(updatedMin);
        r.lastSequence = version;
        r.lastEventId = "evt-" + id + "-" + version;
        r.version = version;
        return r;
    }

    static ProjectionStatusRow status(String projection, long applied) {
        ProjectionStatusRow r = new ProjectionStatusRow();
        r.projection = projection;
        r.lastEventAt = at(30);
        r.updatedAt = at(30); // log time; the lag is the only processing-time value
        r.lagMs = 30 * 60_000L;
        r.eventsApplied = applied;
        r.version = applied;
        return r;
    }
}
