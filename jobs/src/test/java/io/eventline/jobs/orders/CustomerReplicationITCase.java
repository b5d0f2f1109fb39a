package io.eventline.jobs.orders;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Event-carried state transfer through the whole job as production wires it (real broker, registry, PostgreSQL,
 * MiniCluster, parallelism 2): customer events share the orders topic and reach order_summary's customer_name and
 * customer_tier with no lookup. In phases, each waiting for its exact rows: an order before its customer (and one
 * closed before it), the customer, an order after it, an update (open orders only), a stop with a savepoint and a
 * start from it, another update and an order event after the restore; then a second job replays the topic into a
 * new database.
 */
class CustomerReplicationITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Everything the live phases sent, in order: the history the replay sends again. */
    private List<EventEnvelope> sent = new ArrayList<>();

    @Test
    void customersReachTheirOrdersBeforeAndAfterArrivalUpdatesAndARestore() throws Exception {
        EventEnvelope placed1 = OrderEvents.placed("ord-1", "cust-a", 1, at(0), "20.00", OrderEvents.item("BOOK-07", 1, "20.00"));
        EventEnvelope placed0 = OrderEvents.placed("ord-0", "cust-a", 1, at(0), "5.50", OrderEvents.item("PEN-03", 1, "5.50"));
        EventEnvelope cancelled0 = OrderEvents.cancelled("ord-0", 2, at(1));
        EventEnvelope ada = OrderEvents.customerRegistered("cust-a", 1, at(2), "Ada", "standard");
        EventEnvelope placed2 = OrderEvents.placed("ord-2", "cust-a", 1, at(3), "9.99", OrderEvents.item("MUG-05", 1, "9.99"));
        List<EventEnvelope> close1 = List.of(OrderEvents.paid("ord-1", 2, at(4), "20.00"), OrderEvents.shipped("ord-1", 3, at(5)),
                OrderEvents.delivered("ord-1", 4, at(6)));
        EventEnvelope gold = OrderEvents.customerUpdated("cust-a", 2, at(7), null, "gold");
        EventEnvelope renamed = OrderEvents.customerUpdated("cust-a", 3, at(8), "Ada Lovelace", null);
        EventEnvelope paid2 = OrderEvents.paid("ord-2", 2, at(9), "9.99");
        EventEnvelope bob = OrderEvents.customerRegistered("cust-b", 1, at(10), "Bob", null);
        EventEnvelope placed3 = OrderEvents.placed("ord-3", "cust-b", 1, at(11), "1.00", OrderEvents.item("PEN-03", 1, "1.00"));

        Map<String, OrderSummaryRow> want = new TreeMap<>();
        try (OrdersJobRun run = new OrdersJobRun("customer-replication", 2, 2, "--checkpoint-interval", "PT1S")) {
            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
            run.start(null);

            // 1. orders before their customer: no name yet (one of them closed before the customer is known)
            send(run, serializer, placed1, placed0, cancelled0);
            want.put("ord-1", row(null, null, 0, placed1));
            want.put("ord-0", row(null, null, 0, placed0, cancelled0));
            awaitRows(run, want, "orders before their customer");

            // 2. the customer arrives: both get name and tier, at their version (a refresh, not an order event)
            send(run, serializer, ada);
            want.put("ord-1", row("Ada", "standard", 1, placed1));
            want.put("ord-0", row("Ada", "standard", 1, placed0, cancelled0));
            awaitRows(run, want, "the customer completing its orders");

            // 3. an order after its customer has the name from its first row; ord-1 closes with Ada/standard
            send(run, serializer, placed2);
            send(run, serializer, close1.toArray(EventEnvelope[]::new));
            want.put("ord-2", row("Ada", "standard", 1, placed2));
            want.put("ord-1", row("Ada", "standard", 1, placed1, close1.get(0), close1.get(1), close1.get(2)));
            awaitRows(run, want, "an order after its customer, and a closed one");

            // 4. an update reaches the open order only: the closed ones keep what they closed with
            send(run, serializer, gold);
            want.put("ord-2", row("Ada", "gold", 2, placed2));
            awaitRows(run, want, "an update of the customer");

            // 5. stop with a savepoint, start from it: the replica and the open orders are in the restored state
            String savepoint = run.stopWithSavepoint();
            run.start(savepoint);
            send(run, serializer, renamed);
            want.put("ord-2", row("Ada Lovelace", "gold", 3, placed2));
            awaitRows(run, want, "an update after the restore");
            send(run, serializer, paid2, bob, placed3);
            want.put("ord-2", row("Ada Lovelace", "gold", 3, placed2, paid2));
            want.put("ord-3", row("Bob", null, 1, placed3));
            awaitRows(run, want, "order events after the restore");
            Thread.sleep(1_000); // a dead letter or a stray refresh written after the last row would show now
            assertThat(run.orders()).isEqualTo(want);
            assertThat(run.deadLetterCount()).as("dead letters").isZero();
        }

        // 6. the same history replayed at once by a new job into a new database: open orders end exactly as live;
        // a closed order's copy depends on whether its close or the customer's change reached the replica first
        // (README "Replicated customers"), so it holds one of the profiles the customer had, with everything else exact.
        try (OrdersJobRun replay = new OrdersJobRun("customer-replay", 2, 2)) {
            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(replay.registry.ccompatUrl()), replay.topic);
            List<EventEnvelope> history = List.copyOf(sent);
            sent = null;
            send(replay, serializer, history.toArray(EventEnvelope[]::new));
            replay.start(null);
            List<OrderSummaryRow> profilesOfA = List.of(row("Ada", "standard", 1, placed0), row("Ada", "gold", 2, placed0),
                    row("Ada Lovelace", "gold", 3, placed0));
            OrdersJobRun.await("the replay", WAIT, () -> {
                Map<String, OrderSummaryRow> rows = replay.orders();
                return rows.keySet().equals(want.keySet()) && rows.get("ord-2").equals(want.get("ord-2"))
                        && rows.get("ord-3").equals(want.get("ord-3"))
                        && rows.get("ord-1").version == 4 && rows.get("ord-0").version == 2;
            });
            Map<String, OrderSummaryRow> rows = replay.orders();
            for (String closed : List.of("ord-0", "ord-1")) {
                OrderSummaryRow found = rows.get(closed);
                assertThat(withoutCustomer(found)).isEqualTo(withoutCustomer(want.get(closed)));
                assertThat(profilesOfA).extracting(p -> p.customerName + "/" + p.customerTier + "@" + p.customerVersion)
                        .contains(found.customerName + "/" + found.customerTier + "@" + found.customerVersion);
            }
            assertThat(replay.deadLetterCount()).as("dead letters").isZero();
        }
    }

    private static OrderSummaryRow withoutCustomer(OrderSummaryRow row) {
        OrderSummaryRow r = row.copy();
        r.customerName = null;
        r.customerTier = null;
        r.customerVersion = 0;
        return r;
    }

    /** The order projection's row after {@code events}, with the customer fields the replica should have copied. */
    private static OrderSummaryRow row(String name, String tier, long customerVersion, EventEnvelope... events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            row = OrderSummaryProjection.apply(row, e).state();
        }
        row.customerName = name;
        row.customerTier = tier;
        row.customerVersion = customerVersion;
        return row;
    }

    private void send(OrdersJobRun run, EnvelopeRecordSerializer<EventEnvelope> serializer, EventEnvelope... events) {
        for (EventEnvelope e : events) {
            // keyed as a producer would: by aggregate, so one aggregate's events stay in one partition
            int partition = Math.floorMod(e.getAggregateId().hashCode(), 2);
            // record time now (the topic keeps it; the events' own times are in 2025, past any retention)
            run.send(partition, System.currentTimeMillis(), e.getAggregateId(), serializer.serializeValue(e));
            if (sent != null) {
                sent.add(e);
            }
        }
        run.flush();
    }

    private static void awaitRows(OrdersJobRun run, Map<String, OrderSummaryRow> want, String what) throws Exception {
        Map<String, OrderSummaryRow>[] last = new Map[1];
        try {
            OrdersJobRun.await(what, WAIT, () -> Objects.equals(last[0] = run.orders(), want));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nexpected " + want.values() + "\nfound    " + last[0].values(), e);
        }
    }
}
