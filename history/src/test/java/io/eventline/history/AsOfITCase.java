package io.eventline.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.common.sink.TestDatabase;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.WorkloadSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code eventline as-of} in event time against the workload's own model stopped at the same moment
 * ({@link OrderWorkload#expectAsOf}): the moment is exactly the occurrence time of one order's second event, so
 * that event is in (inclusive edge) and one millisecond earlier it is not.
 */
class AsOfITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkloadSettings SETTINGS = WorkloadSettings.demo(200).toBuilder().jsonRate(0).build();

    @Test
    void readModelsAsOfAMomentEqualTheWorkloadsModelThen() throws Exception {
        int k = orderWhoseSecondEventApplies();
        Instant moment = OrderWorkload.syntheticTime(k, 2);
        OrderWorkload atMoment = oracle(moment);
        OrderWorkload justBefore = oracle(moment.minusMillis(1));
        assertThat(atMoment.expectedOrder(k).lastSequence()).isEqualTo(2);
        assertThat(justBefore.expectedOrder(k).lastSequence()).isEqualTo(1);
        assertThat(atMoment.ordersPresent()).isBetween(10L, SETTINGS.aggregates() - 10L); // a moment mid-history

        try (LiveOrdersJob history = new LiveOrdersJob("as-of", TestDatabase.SQLITE.newDatabase("as_of"), 2)) {
            history.send(new OrderWorkload(SETTINGS).remaining()); // no live job: as-of reads the topic only

            JsonNode both = asOf(history, moment, "--projection", "order_summary,customer_orders", "--output", "json");
            List<OrderRow> orders = new ArrayList<>();
            both.get("order_summary").forEach(n -> orders.add(orderRow(n)));
            List<CustomerRow> customers = new ArrayList<>();
            both.get("customer_orders").forEach(n -> customers.add(customerRow(n)));
            ReadModelChecker.Result result = ReadModelChecker.check(List.of(atMoment), orders, customers);
            assertThat(result.summary()).startsWith("ok");
            assertThat(result.orderRows()).isEqualTo(atMoment.ordersPresent());

            HistoryScript.Result before = HistoryScript.run(asOfArgs(history, moment.minusMillis(1),
                    "--aggregate", atMoment.orderId(k))).requireSuccess();
            OrderRow want = justBefore.expectedOrder(k);
            // then the customer copied in (the workload registers its customers without a tier; "-" prints null)
            String customer = want.customerName() == null ? "- +- +0" : want.customerName() + " +- +1";
            assertThat(before.out()).containsPattern(want.orderId() + " .* " + want.status() + " .* " + want.lastEventId()
                    + " +" + want.version() + " +" + customer + "\n").contains("1 order_summary rows as of " + moment.minusMillis(1) + " (event time)");
        }
    }

    /**
     * {@code --time log}: the records the log held at T (Kafka timestamps, inclusive) with the ordering clock stopped
     * at T: ord-x's payment at exactly T is in, its shipment 1 ms later is not; ord-y's gap, opened 1 ms before T
     * with a 2 s timeout, is still open at T, so the event waiting behind it is not applied (at the end of the log
     * the gap would have expired and skipped). {@code --snapshot} keeps the rows in the database.
     */
    @Test
    void logTimeAsOfStopsTheLogAndItsClockAtTheMoment() throws Exception {
        String jdbcUrl = TestDatabase.SQLITE.newDatabase("as_of_log");
        try (LiveOrdersJob history = new LiveOrdersJob("as-of-log", jdbcUrl, 1)) {
            var avro = io.eventline.jobs.orders.envelope.OrderEnvelopes.serializer(
                    io.eventline.common.serde.RegistryConfig.of(history.registry.ccompatUrl()), history.topic);
            long t = System.currentTimeMillis() - 60_000;
            Instant moment = Instant.ofEpochMilli(t);
            // In log order, timestamps rising (a timestamp bound is an offset bound: the first record stamped after T).
            send(history, avro, t - 10_000, OrderEvents.placed("ord-x", "cust-1", 1, OrderEvents.at(0), "10.00",
                    OrderEvents.item("PEN-03", 1, "10.00")));
            send(history, avro, t - 10_000, OrderEvents.placed("ord-y", "cust-1", 1, OrderEvents.at(0), "5.00",
                    OrderEvents.item("PEN-03", 1, "5.00")));
            send(history, avro, t - 1, OrderEvents.paymentFailed("ord-y", 3, OrderEvents.at(3)));
            send(history, avro, t, OrderEvents.paid("ord-x", 2, OrderEvents.at(1), "10.00"));
            send(history, avro, t + 1, OrderEvents.shipped("ord-x", 3, OrderEvents.at(2)));
            send(history, avro, t + 5, OrderEvents.paymentFailed("ord-y", 2, OrderEvents.at(2)));
            history.flush();

            JsonNode rows = asOf(history, moment, "--time", "log", "--snapshot", "--output", "json");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("order_id").asText() + " " + rows.get(0).get("status").asText() + " v"
                    + rows.get(0).get("version").asText()).isEqualTo("ord-x paid v2");
            assertThat(rows.get(1).get("order_id").asText() + " " + rows.get(1).get("status").asText() + " v"
                    + rows.get(1).get("version").asText()).isEqualTo("ord-y placed v1");
            String snapshot = "order_summary__as_of_" + java.time.format.DateTimeFormatter
                    .ofPattern("uuuuMMdd't'HHmmssSSS'z'").withZone(java.time.ZoneOffset.UTC).format(moment);
            assertThat(RebuildSwapITCase.count(jdbcUrl, snapshot)).isEqualTo(2);
        }
    }

    private static void send(LiveOrdersJob history,
            io.eventline.common.serde.EnvelopeRecordSerializer<io.eventline.events.EventEnvelope> avro, long timestamp,
            io.eventline.events.EventEnvelope event) {
        history.send(0, timestamp, event.getAggregateId(), avro.serializeValue(event));
    }

    private static int orderWhoseSecondEventApplies() {
        OrderWorkload all = oracle(Instant.MAX);
        for (int k = SETTINGS.aggregates() / 2; ; k++) {
            if (all.hasOrder(k) && all.expectedOrder(k).lastSequence() >= 3 && all.expectedOrder(k).version() >= 3) {
                return k;
            }
        }
    }

    private static OrderWorkload oracle(Instant moment) {
        OrderWorkload w = new OrderWorkload(SETTINGS);
        if (!moment.equals(Instant.MAX)) {
            w.expectAsOf(moment);
        }
        w.remaining();
        return w;
    }

    private static List<String> asOfArgs(LiveOrdersJob history, Instant moment, String... extra) {
        List<String> args = new ArrayList<>(List.of("as-of", moment.toString()));
        args.addAll(history.jobArgs());
        args.addAll(List.of(extra));
        return args;
    }

    private static JsonNode asOf(LiveOrdersJob history, Instant moment, String... extra) throws Exception {
        return JSON.readTree(HistoryScript.run(asOfArgs(history, moment, extra)).requireSuccess().out());
    }

    private static OrderRow orderRow(JsonNode n) {
        return new OrderRow(n.get("order_id").asText(), n.get("customer_id").asText(), n.get("status").asText(),
                n.get("item_count").asInt(), new BigDecimal(n.get("total").asText()), n.get("currency").asText(),
                n.get("last_sequence").asLong(), n.get("last_event_id").asText(), n.get("version").asLong(),
                Instant.parse(n.get("placed_at").asText()), Instant.parse(n.get("updated_at").asText()),
                n.get("customer_name").isNull() ? null : n.get("customer_name").asText(),
                n.get("customer_tier").isNull() ? null : n.get("customer_tier").asText());
    }

    private static CustomerRow customerRow(JsonNode n) {
        return new CustomerRow(n.get("customer_id").asText(), n.get("orders_placed").asLong(),
                n.get("orders_cancelled").asLong(), new BigDecimal(n.get("lifetime_value").asText()),
                n.get("last_order_at").isNull() ? null : Instant.parse(n.get("last_order_at").asText()),
                Instant.parse(n.get("updated_at").asText()), n.get("version").asLong());
    }
}
