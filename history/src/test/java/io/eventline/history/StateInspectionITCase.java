package io.eventline.history;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code eventline state} on a savepoint of the live job that a scenario left in a known state, one aggregate per
 * case (gap policy PARK, gap timeout 5 s of log time, record timestamps set by the test):
 * <ul>
 *   <li>{@code ord-a}: 1 and 3 arrived late in the log, its gap has not expired: 3 buffered, next expected 2;</li>
 *   <li>{@code ord-b}: 1 and 3 early, the log moved 10 s past its gap: parked at 2, 3 still buffered;</li>
 *   <li>{@code ord-c}: 2 failed validation (a negative total): held at 2, 3 buffered behind it;</li>
 *   <li>{@code ord-d}, {@code ord-e}: complete, waiting for nothing (listed only with {@code --all}).</li>
 * </ul>
 */
class StateInspectionITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listsExactlyTheBufferedParkedAndHeldAggregates() throws Exception {
        try (LiveOrdersJob live = new LiveOrdersJob("state", TestDatabase.SQLITE.newDatabase("state"), 1,
                "--gap-policy", "PARK", "--gap-timeout", "PT5S", "--source-idle-timeout", "PT1H")) {
            EnvelopeRecordSerializer<EventEnvelope> avro =
                    OrderEnvelopes.serializer(RegistryConfig.of(live.registry.ccompatUrl()), live.topic);
            long t0 = System.currentTimeMillis() - 60_000;
            live.start(null);
            send(live, avro, t0,
                    placed("ord-b", "cust-1", 1, at(0), "10.00", item("PEN-03", 1, "10.00")),
                    shipped("ord-b", 3, at(2)),
                    placed("ord-c", "cust-1", 1, at(0), "10.00", item("PEN-03", 1, "10.00")),
                    // invalid-envelope (a negative total), its aggregate and number readable: held at 2
                    placed("ord-c", "cust-1", 2, at(1), "-1.00", item("PEN-03", 1, "-1.00")),
                    shipped("ord-c", 3, at(2)),
                    placed("ord-d", "cust-2", 1, at(0), "5.00", item("PEN-03", 1, "5.00")),
                    paid("ord-d", 2, at(1), "5.00"));
            Awaitility.await("ord-b, ord-c, ord-d applied").atMost(Duration.ofSeconds(60))
                    .until(() -> orderRows(live.jdbcUrl) == 3);
            Thread.sleep(1_000); // the HOLD of ord-c travels beside the events
            send(live, avro, t0 + 9_000,
                    placed("ord-a", "cust-3", 1, at(0), "7.00", item("PEN-03", 1, "7.00")),
                    shipped("ord-a", 3, at(2)));
            send(live, avro, t0 + 10_000,
                    placed("ord-e", "cust-3", 1, at(0), "7.00", item("PEN-03", 1, "7.00")));
            Awaitility.await("ord-a, ord-e applied").atMost(Duration.ofSeconds(60))
                    .until(() -> orderRows(live.jdbcUrl) == 5);
            Thread.sleep(1_000);
            String savepoint = live.stopWithSavepoint();

            HistoryScript.Result table = HistoryScript.run(List.of("state", "--savepoint", savepoint)).requireSuccess();
            assertThat(table.out()).contains("3 aggregates listed: 3 with buffered events, 1 parked, 1 held")
                    .containsPattern("(?m)^ord-a +2 +1 +3 +evt-ord-a-3 +false +- ")
                    .containsPattern("(?m)^ord-b +2 +1 +3 +evt-ord-b-3 +true +- ")
                    .containsPattern("(?m)^ord-c +2 +1 +3 +evt-ord-c-3 +false +2 +2=")
                    .doesNotContain("ord-d").doesNotContain("ord-e");

            JsonNode all = json(List.of("state", "--savepoint", savepoint, "--output", "json", "--all"));
            Map<String, String> byAggregate = new TreeMap<>();
            all.forEach(n -> byAggregate.put(n.get("aggregate_id").asText(), summary(n)));
            assertThat(byAggregate).containsExactly(
                    Map.entry("ord-a", "next=2 buffered=[3] parked=false held=null"),
                    Map.entry("ord-b", "next=2 buffered=[3] parked=true held=null"),
                    Map.entry("ord-c", "next=2 buffered=[3] parked=false held=2"),
                    Map.entry("ord-d", "next=3 buffered=[] parked=false held=null"),
                    Map.entry("ord-e", "next=2 buffered=[] parked=false held=null"));
            assertThat(all.get(0).get("gap_timer_at").asText())
                    .isEqualTo(java.time.Instant.ofEpochMilli(t0 + 9_000 + 5_000).toString());

            assertThat(ids(json(List.of("state", "--savepoint", savepoint, "--output", "json", "--held",
                    "--aggregate", "ord-a,ord-c")))).containsExactly("ord-c");
        }
    }

    private static void send(LiveOrdersJob live, EnvelopeRecordSerializer<EventEnvelope> avro, long timestamp,
            EventEnvelope... events) {
        for (EventEnvelope e : events) {
            live.send(0, timestamp, e.getAggregateId(), avro.serializeValue(e));
        }
        live.flush();
    }

    /** order_summary's rows, or -1 before the job created the table. */
    private static long orderRows(String jdbcUrl) throws Exception {
        try {
            return RebuildSwapITCase.count(jdbcUrl, "order_summary");
        } catch (java.sql.SQLException notYet) {
            return -1;
        }
    }

    private static JsonNode json(List<String> args) throws Exception {
        return JSON.readTree(HistoryScript.run(args).requireSuccess().out());
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(n -> ids.add(n.get("aggregate_id").asText()));
        return ids;
    }

    private static String summary(JsonNode n) {
        return "next=" + n.get("next_expected").asLong() + " buffered=["
                + (n.get("buffered_sequences").isNull() ? "" : n.get("buffered_sequences").asText())
                + "] parked=" + n.get("parked").asBoolean() + " held=" + (n.get("held_at").isNull() ? "null" : n.get("held_at").asText());
    }
}
