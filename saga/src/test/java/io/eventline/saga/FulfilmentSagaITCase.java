package io.eventline.saga;

import static io.eventline.saga.FulfilmentSaga.INVENTORY;
import static io.eventline.saga.FulfilmentSaga.PAYMENT;
import static io.eventline.saga.FulfilmentSaga.SHIPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.contracts.SagaTopics;
import io.eventline.events.EventEnvelope;
import io.eventline.saga.participant.FaultSwitches;
import io.eventline.saga.participant.ParticipantService;
import io.eventline.sagas.SagaCommand;
import io.eventline.sagas.SagaReply;
import io.eventline.testkit.PostgresServer;
import java.time.Duration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order-fulfilment saga end to end: the orchestrator job on a MiniCluster, real Kafka, the registry and
 * PostgreSQL, the three participant services. One orchestrator for the class; each test has orders, SKUs and
 * customers of its own and asserts exactly its rows in the participants' tables and in saga_instance.
 *
 * <p>The random-fault run: random faults in every participant (refusals, duplicate replies, dropped replies,
 * crashes after applying a command, restarted by a watchdog) while the orchestrator's TaskManager is killed
 * mid-run (MiniCluster failover from the last checkpoint). Every saga ends completed or compensated, and the
 * participants' tables agree: stock never negative and equal to the initial stock minus exactly the completed
 * orders' items, money authorized equal to the completed orders' money, one shipment per completed order.
 */
class FulfilmentSagaITCase {

    private static final Logger LOG = LoggerFactory.getLogger(FulfilmentSagaITCase.class);
    /** Sagas of the random-fault run: 50 in the suite, -Deventline.saga.sagas=1000 for the long run. */
    static final int SAGAS = Integer.getInteger("eventline.saga.sagas", 50);
    static final List<String> SKUS = List.of("R-1", "R-2", "R-3", "R-4", "R-BLOCKED");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static PostgresServer postgres;
    static SagaWorld world;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.shared();
        world = new SagaWorld(postgres, "saga_it");
        world.startOrchestrator();
        world.startOrderProjections();
    }

    @AfterAll
    static void stop() throws Exception {
        world.close();
    }

    @AfterEach
    void stopParticipants() throws InterruptedException {
        world.stopAll();
    }

    static final String INSTANCE = "SELECT saga_id, state, current_step, attempts, compensated, to_compensate, last_error"
            + " FROM saga_instance WHERE saga_id LIKE ";

    @Test
    void aFailureAtEachStepIsCompensatedExactly() throws Exception {
        world.execute("INSERT INTO inventory_stock VALUES ('A-SKU', 100), ('A-EMPTY', 0), ('A-NOSHIP', 100);"
                + " INSERT INTO payment_limits VALUES ('a-poor', 10.00); INSERT INTO shipping_blocked_skus VALUES ('A-NOSHIP')");
        world.startAll(FaultSwitches.none());
        world.placeOrder("a-ok", "a-cust", "20.00", "A-SKU", 2);
        world.placeOrder("a-inv", "a-cust", "15.00", "A-SKU", 1, "A-EMPTY", 1);
        world.placeOrder("a-pay", "a-poor", "30.00", "A-SKU", 3);
        world.placeOrder("a-ship", "a-cust", "40.00", "A-NOSHIP", 4);
        world.awaitFinal(Duration.ofSeconds(120), "a-ok", "a-inv", "a-pay", "a-ship");

        assertThat(world.rows(INSTANCE + "'a-%' ORDER BY saga_id")).containsExactly(
                "a-inv|COMPENSATED|null|0|0|0|inventory: InventoryRejected (out of stock: A-EMPTY (0 available, 1 wanted))",
                "a-ok|COMPLETED|null|0|0|0|null",
                "a-pay|COMPENSATED|null|0|1|1|payment: PaymentFailed (amount 30.00 over the limit 10.00)",
                "a-ship|COMPENSATED|null|0|2|2|shipping: ShipmentFailed (no carrier takes A-NOSHIP)");
        assertThat(world.rows("SELECT sku, available FROM inventory_stock WHERE sku LIKE 'A-%' ORDER BY sku"))
                .containsExactly("A-EMPTY|0", "A-NOSHIP|100", "A-SKU|98");
        assertThat(world.rows("SELECT saga_id, items, status FROM inventory_reservations WHERE saga_id LIKE 'a-%' ORDER BY saga_id"))
                .containsExactly("a-ok|A-SKU:2|HELD", "a-pay|A-SKU:3|RELEASED", "a-ship|A-NOSHIP:4|RELEASED");
        assertThat(world.rows("SELECT saga_id, amount, status FROM payment_authorizations WHERE saga_id LIKE 'a-%' ORDER BY saga_id"))
                .containsExactly("a-ok|20.00|AUTHORIZED", "a-ship|40.00|VOIDED");
        assertThat(world.rows("SELECT saga_id, status FROM shipping_shipments WHERE saga_id LIKE 'a-%' ORDER BY saga_id"))
                .containsExactly("a-ok|ARRANGED");
        assertThat(world.rows("SELECT command_id, reply_type FROM inventory_commands WHERE command_id LIKE 'a-%' ORDER BY command_id"))
                .containsExactly("a-inv/inventory|InventoryRejected", "a-ok/inventory|InventoryReserved",
                        "a-pay/inventory|InventoryReserved", "a-pay/inventory/compensate|InventoryReleased",
                        "a-ship/inventory|InventoryReserved", "a-ship/inventory/compensate|InventoryReleased");
        assertThat(world.rows("SELECT command_id, reply_type FROM payment_commands WHERE command_id LIKE 'a-%' ORDER BY command_id"))
                .containsExactly("a-ok/payment|PaymentAuthorized", "a-pay/payment|PaymentFailed",
                        "a-ship/payment|PaymentAuthorized", "a-ship/payment/compensate|PaymentVoided");
        assertThat(world.rows("SELECT command_id, reply_type FROM shipping_commands WHERE command_id LIKE 'a-%' ORDER BY command_id"))
                .containsExactly("a-ok/shipping|ShipmentArranged", "a-ship/shipping|ShipmentFailed");
        // the read models follow: each compensated order is cancelled, as the next event of its order
        for (String order : List.of("a-inv", "a-pay", "a-ship")) {
            world.await("OrderCancelled of " + order, Duration.ofSeconds(60), () -> cancellations(order).size() == 1);
            EventEnvelope cancelled = cancellations(order).get(0);
            assertThat(cancelled.getEventId()).isEqualTo("saga-cancel-" + order);
            assertThat(cancelled.getSequenceNumber()).isEqualTo(2L);
        }
        assertThat(cancellations("a-ok")).isEmpty();
        world.await("order_summary follows", Duration.ofSeconds(90), () -> {
            try {
                return world.rows("SELECT count(*) FROM order_summary WHERE order_id LIKE 'a-%' AND status = 'cancelled'").get(0).equals("3");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(world.rows("SELECT order_id, status, last_sequence FROM order_summary WHERE order_id LIKE 'a-%' ORDER BY order_id"))
                .containsExactly("a-inv|cancelled|2", "a-ok|placed|1", "a-pay|cancelled|2", "a-ship|cancelled|2");
    }

    private static List<EventEnvelope> cancellations(String order) {
        try {
            return world.committed(SagaWorld.ORDERS, order, SagaWorld::orderEvent).stream()
                    .filter(e -> e.getEventType().equals("OrderCancelled")).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aParticipantThatNeverAnswersIsRetriedWithBackoffThenCompensatedAndItsLateReplyChangesNothing() throws Exception {
        world.execute("INSERT INTO inventory_stock VALUES ('B-SKU', 10)");
        world.start(INVENTORY, FaultSwitches.none());
        world.start(SHIPPING, FaultSwitches.none());
        // no payment service yet: AuthorizePayment is never answered
        world.placeOrder("b-slow", "b-cust", "5.00", "B-SKU", 1);
        world.await("payment given up", Duration.ofSeconds(120), () -> lastError("b-slow").equals("payment timed out after 3 attempts"));
        List<SagaCommand> sent = world.committed(SagaTopics.PAYMENT_COMMANDS, "b-slow", SagaMessages::command);
        assertThat(sent).extracting(c -> c.getCommandType() + " " + c.getCommandId() + " #" + c.getAttempt())
                .startsWith("AuthorizePayment b-slow/payment #1", "AuthorizePayment b-slow/payment #2",
                        "AuthorizePayment b-slow/payment #3");
        // each retry after the timeout plus the backoff (200 ms, then 400 ms, ±20 %); timers fire late under load
        long timeout = SagaWorld.TIMING.stepTimeout().toMillis();
        long gap1 = Duration.between(sent.get(0).getIssuedAt(), sent.get(1).getIssuedAt()).toMillis();
        long gap2 = Duration.between(sent.get(1).getIssuedAt(), sent.get(2).getIssuedAt()).toMillis();
        assertThat(gap1).isBetween(timeout + 160, timeout + 240 + 2_000);
        assertThat(gap2).isBetween(timeout + 320, timeout + 480 + 2_000);

        // the payment service comes up and answers everything waiting: the authorization (late), then the void
        world.start(PAYMENT, FaultSwitches.none());
        world.awaitFinal(Duration.ofSeconds(120), "b-slow");
        world.await("the late authorization was answered", Duration.ofSeconds(60), () -> {
            try {
                return world.rows("SELECT count(*) FROM payment_commands WHERE command_id LIKE 'b-%'").get(0).equals("2");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(world.rows(INSTANCE + "'b-%'")).containsExactly(
                "b-slow|COMPENSATED|null|0|2|2|payment timed out after 3 attempts");
        assertThat(world.rows("SELECT command_id, reply_type FROM payment_commands WHERE command_id LIKE 'b-%' ORDER BY command_id"))
                .containsExactly("b-slow/payment|PaymentAuthorized", "b-slow/payment/compensate|PaymentVoided");
        assertThat(world.rows("SELECT saga_id, amount, status FROM payment_authorizations WHERE saga_id LIKE 'b-%'"))
                .containsExactly("b-slow|5.00|VOIDED");
        assertThat(world.rows("SELECT saga_id, status FROM inventory_reservations WHERE saga_id LIKE 'b-%'"))
                .containsExactly("b-slow|RELEASED");
        assertThat(world.rows("SELECT available FROM inventory_stock WHERE sku = 'B-SKU'")).containsExactly("10");
    }

    private static String lastError(String sagaId) {
        try {
            List<String> rows = world.rows("SELECT coalesce(last_error, '') FROM saga_instance WHERE saga_id = '" + sagaId + "'");
            return rows.isEmpty() ? "" : rows.get(0);
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void duplicateStrayAndMalformedRepliesAreAppliedOnce() throws Exception {
        world.execute("INSERT INTO inventory_stock VALUES ('C-SKU', 10)");
        // every inventory reply twice (same reply id), every payment reply twice
        world.start(INVENTORY, new FaultSwitches(0, 0, 1.0, 0, 0, 1));
        world.start(PAYMENT, new FaultSwitches(0, 0, 1.0, 0, 0, 2));
        // shipping is not up yet, so the stray replies below arrive before the saga reaches shipping
        world.placeOrder("c-dup", "c-cust", "7.00", "C-SKU", 2);
        world.await("c-dup at shipping", Duration.ofSeconds(90), () -> currentStep("c-dup").equals(SHIPPING));
        // reordered: an InventoryRejected of the first step arriving after the saga moved on (a different reply id)
        world.sendReply("c-dup", SagaMessages.encode(reply("c-dup", "stray-1", "c-dup/inventory", INVENTORY, "InventoryRejected")));
        world.sendReply("c-dup", new byte[] {1, 2, 3}); // not a reply at all: a dead letter, nothing else
        world.start(SHIPPING, FaultSwitches.none());
        world.awaitFinal(Duration.ofSeconds(90), "c-dup");
        assertThat(world.rows(INSTANCE + "'c-%'")).containsExactly("c-dup|COMPLETED|null|0|0|0|null");
        assertThat(world.rows("SELECT command_id FROM inventory_commands WHERE command_id LIKE 'c-%'"))
                .containsExactly("c-dup/inventory");
        assertThat(world.rows("SELECT available FROM inventory_stock WHERE sku = 'C-SKU'")).containsExactly("8");
        assertThat(world.rows("SELECT saga_id, amount, status FROM payment_authorizations WHERE saga_id LIKE 'c-%'"))
                .containsExactly("c-dup|7.00|AUTHORIZED");
        world.await("the malformed reply's dead letter", Duration.ofSeconds(60), () -> {
            try {
                return world.committed(SagaTopics.REPLIES + ".dlq", null, v -> v).size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static String currentStep(String sagaId) {
        try {
            List<String> rows = world.rows("SELECT coalesce(current_step, '') FROM saga_instance WHERE saga_id = '" + sagaId + "'");
            return rows.isEmpty() ? "" : rows.get(0);
        } catch (Exception e) {
            return "";
        }
    }

    private static SagaReply reply(String sagaId, String replyId, String commandId, String step, String type) {
        return SagaReply.newBuilder().setReplyId(replyId).setCommandId(commandId).setSagaId(sagaId).setStep(step)
                .setReplyType(type).setParticipant("test").setRepliedAt(Instant.now()).build();
    }

    @Test
    void aParticipantCrashingAfterApplyingACommandAnswersItOnceAfterItsRestart() throws Exception {
        world.execute("INSERT INTO inventory_stock VALUES ('D-SKU', 10)");
        ParticipantService crashing = world.start(INVENTORY, new FaultSwitches(0, 0, 0, 0, 1.0, 3));
        world.start(PAYMENT, FaultSwitches.none());
        world.start(SHIPPING, FaultSwitches.none());
        world.placeOrder("d-crash", "d-cust", "3.00", "D-SKU", 4);
        world.await("the inventory service crashed", Duration.ofSeconds(90), crashing::crashed);
        assertThat(crashing.applied()).isEqualTo(1);
        world.stop(INVENTORY);
        // restarted with the crash switch still at 1.0: it draws only for a command applied now, so the
        // redelivered one is answered from its stored reply (a crash there would loop on the same batch)
        ParticipantService restarted = world.start(INVENTORY, new FaultSwitches(0, 0, 0, 0, 1.0, 4));
        world.awaitFinal(Duration.ofSeconds(90), "d-crash");
        assertThat(world.rows(INSTANCE + "'d-%'")).containsExactly("d-crash|COMPLETED|null|0|0|0|null");
        // redelivered after the crash, answered from the stored reply: applied once
        assertThat(restarted.applied()).isZero();
        assertThat(restarted.crashed()).isFalse();
        assertThat(world.rows("SELECT command_id FROM inventory_commands WHERE command_id LIKE 'd-%'")).containsExactly("d-crash/inventory");
        assertThat(world.rows("SELECT available FROM inventory_stock WHERE sku = 'D-SKU'")).containsExactly("6");
    }

    record Order(String id, String customer, BigDecimal amount, Map<String, Integer> items) {}

    @Test
    void everySagaEndsCompletedOrCompensatedAndTheParticipantsAgree(@InjectMiniCluster MiniCluster cluster) throws Exception {
        int stockPerSku = SAGAS * 3 / 4;
        world.execute("INSERT INTO inventory_stock VALUES ('R-1', " + stockPerSku + "), ('R-2', " + stockPerSku
                + "), ('R-3', " + stockPerSku + "), ('R-4', " + stockPerSku + "), ('R-BLOCKED', " + stockPerSku + ");"
                + " INSERT INTO payment_limits VALUES ('r-poor', 25.00); INSERT INTO shipping_blocked_skus VALUES ('R-BLOCKED')");
        AtomicInteger seeds = new AtomicInteger(100);
        Map<String, FaultSwitches> faults = new HashMap<>();
        for (String p : List.of(FulfilmentSaga.INVENTORY, FulfilmentSaga.PAYMENT, FulfilmentSaga.SHIPPING)) {
            world.start(p, faults(seeds.incrementAndGet()));
        }
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger restarts = new AtomicInteger();
        Thread watchdog = new Thread(() -> {
            while (watching.get()) {
                for (String p : List.of(FulfilmentSaga.INVENTORY, FulfilmentSaga.PAYMENT, FulfilmentSaga.SHIPPING)) {
                    ParticipantService s = world.participant(p);
                    if (s != null && s.crashed()) {
                        world.start(p, faults(seeds.incrementAndGet()));
                        restarts.incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "participant-watchdog");
        watchdog.start();

        Random random = new Random(42);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < SAGAS; i++) {
            Map<String, Integer> items = new LinkedHashMap<>();
            int lines = 1 + random.nextInt(2);
            for (int l = 0; l < lines; l++) {
                // R-BLOCKED in about 1 order of 12: those fail at shipping
                String sku = random.nextInt(12) == 0 ? "R-BLOCKED" : SKUS.get(random.nextInt(4));
                items.merge(sku, 1 + random.nextInt(3), Integer::sum);
            }
            BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(4_000), 2);
            orders.add(new Order(String.format("r-%05d", i), random.nextInt(10) == 0 ? "r-poor" : "r-cust-" + random.nextInt(20),
                    amount, items));
        }
        long started = System.nanoTime();
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            List<Object> skuAndQuantity = new ArrayList<>();
            o.items().forEach((sku, q) -> {
                skuAndQuantity.add(sku);
                skuAndQuantity.add(q);
            });
            world.placeOrder(o.id(), o.customer(), o.amount().toPlainString(), skuAndQuantity.toArray());
            if (i == orders.size() / 3) {
                // the orchestrator's TaskManager dies with sagas in flight: the job restarts on a new one
                world.await("a third of the sagas final", Duration.ofSeconds(120),
                        () -> finalCount() >= orders.size() / 6);
                cluster.startTaskManager();
                LOG.info("killing the orchestrator's TaskManager with {} sagas final", finalCount());
                cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            }
        }
        String[] ids = orders.stream().map(Order::id).toArray(String[]::new);
        world.awaitFinal(Duration.ofSeconds(Math.max(180, SAGAS / 2)), ids);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        // let redelivered and retried commands still in the topics drain: they must not change anything
        Thread.sleep(4_000);
        watching.set(false);
        watchdog.join();
        world.stopAll();
        world.execute("SELECT 1");

        List<String> states = world.rows("SELECT state, count(*) FROM saga_instance WHERE saga_id LIKE 'r-%' GROUP BY state ORDER BY state");
        LOG.info("{} sagas in {} s with random faults and a TaskManager killed: {}; {} participant restarts",
                SAGAS, seconds, states, restarts.get());
        Set<String> completed = new HashSet<>(world.rows("SELECT saga_id FROM saga_instance WHERE saga_id LIKE 'r-%' AND state = 'COMPLETED'"));
        Set<String> compensated = new HashSet<>(world.rows("SELECT saga_id FROM saga_instance WHERE saga_id LIKE 'r-%' AND state = 'COMPENSATED'"));
        assertThat(completed.size() + compensated.size()).as("every saga completed or compensated: " + states).isEqualTo(SAGAS);
        assertThat(completed).isNotEmpty();
        assertThat(compensated).isNotEmpty();

        // stock: never negative (a CHECK constraint), and exactly the initial stock minus the completed orders' items
        Map<String, Integer> expectedStock = new HashMap<>();
        SKUS.forEach(sku -> expectedStock.put(sku, stockPerSku));
        BigDecimal completedMoney = BigDecimal.ZERO.setScale(2);
        for (Order o : orders) {
            if (completed.contains(o.id())) {
                o.items().forEach((sku, q) -> expectedStock.merge(sku, -q, Integer::sum));
                completedMoney = completedMoney.add(o.amount());
            }
        }
        for (String sku : SKUS) {
            assertThat(world.rows("SELECT available FROM inventory_stock WHERE sku = '" + sku + "'"))
                    .as("stock of " + sku).containsExactly(String.valueOf(expectedStock.get(sku)));
            assertThat(expectedStock.get(sku)).isNotNegative();
        }
        assertThat(new HashSet<>(world.rows("SELECT saga_id FROM inventory_reservations WHERE status = 'HELD' AND saga_id LIKE 'r-%'")))
                .isEqualTo(completed);
        // money: authorized = the completed orders' money; nothing authorized for a compensated order
        assertThat(new HashSet<>(world.rows("SELECT saga_id FROM payment_authorizations WHERE status = 'AUTHORIZED' AND saga_id LIKE 'r-%'")))
                .isEqualTo(completed);
        assertThat(world.rows("SELECT coalesce(sum(amount), 0.00) FROM payment_authorizations WHERE status = 'AUTHORIZED' AND saga_id LIKE 'r-%'"))
                .containsExactly(completedMoney.toPlainString());
        assertThat(new HashSet<>(world.rows("SELECT saga_id FROM shipping_shipments WHERE status = 'ARRANGED' AND saga_id LIKE 'r-%'")))
                .isEqualTo(completed);
    }

    private static FaultSwitches faults(long seed) {
        return new FaultSwitches(2, 0.05, 0.2, 0.1, 0.02, seed);
    }

    private static int finalCount() {
        try {
            return Integer.parseInt(world.rows("SELECT count(*) FROM saga_instance WHERE saga_id LIKE 'r-%'"
                    + " AND state IN ('COMPLETED', 'COMPENSATED')").get(0));
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * Opt-in (-Deventline.saga.bench=true, -Deventline.saga.bench.sagas=N, default 500): sagas per second and
     * the p50/p99 saga duration (saga_instance started_at to the completing transition) without faults.
     */
    @Test
    @EnabledIfSystemProperty(named = "eventline.saga.bench", matches = "true")
    void throughputAndDurationWithoutFaults() throws Exception {
        int n = Integer.getInteger("eventline.saga.bench.sagas", 500);
        world.execute("INSERT INTO inventory_stock VALUES ('T-SKU', " + (n * 2) + ")");
        world.startAll(FaultSwitches.none());
        String[] ids = new String[n];
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("t-%06d", i);
            world.placeOrder(ids[i], "t-cust", "12.34", "T-SKU", 1);
        }
        world.awaitFinal(Duration.ofMinutes(10), ids);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> durations = world.rows("SELECT EXTRACT(EPOCH FROM (updated_at - started_at)) * 1000 FROM saga_instance"
                + " WHERE saga_id LIKE 't-%' AND state = 'COMPLETED' ORDER BY 1");
        assertThat(durations).hasSize(n);
        LOG.info("BENCH {} sagas without faults in {} s: {} sagas/s; duration p50 {} ms, p99 {} ms, max {} ms", n,
                String.format("%.1f", seconds), String.format("%.1f", n / seconds),
                durations.get(n / 2), durations.get((int) Math.ceil(n * 0.99) - 1), durations.get(n - 1));
    }
}
