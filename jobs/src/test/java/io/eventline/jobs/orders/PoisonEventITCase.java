package io.eventline.jobs.orders;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.cancelled;
import static io.eventline.jobs.orders.projection.OrderEvents.delivered;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.deadletter.ReplayHeaders;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.cli.EventlineCli;
import io.eventline.jobs.dlq.DlqReader;
import io.eventline.jobs.dlq.DlqRecord;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's poison event through real Kafka: a third-party JSON PaymentAuthorized whose payload cannot be read
 * (amount {@code "twenty"}) while its envelope can, for two of twelve orders; and one order whose producer skipped
 * a step (OrderDelivered right after OrderPlaced), which the projection rejects. Under each poison policy the rows
 * and dead letters are exact; after the fixed payments are replayed (republished as {@code eventline dlq replay}
 * does, with its replay headers; under SKIP also the projection's rejections, through the CLI itself) the rows
 * equal a run that never saw the poison.
 */
class PoisonEventITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> POISONED = List.of("ord-p03", "ord-p07");
    private static final String SKIPPED_A_STEP = "ord-p10";

    @Test
    void holdTheDefaultStopsOnlyThePoisonedOrdersUntilTheFixedEventIsReplayed() throws Exception {
        try (OrdersJobRun run = new OrdersJobRun("poison-hold", 2, 1, "--source-idle-timeout", "PT1S",
                "--checkpoint-interval", "PT2S", "--sink-batch-size", "50", "--sink-flush-interval", "PT0.1S")) {
            run.start(null);
            sendAll(run);

            Map<String, OrderSummaryRow> held = new TreeMap<>(withoutPoison(false, true));
            for (String id : POISONED) {
                held.put(id, fold(events(id).subList(0, 1))); // held at the payment: later events wait
            }
            List<Tuple> deadLetters = List.of(
                    tuple("deserialize", "malformed", "ord-p03", 2L), tuple("deserialize", "malformed", "ord-p07", 2L),
                    tuple("project", "illegal-transition", SKIPPED_A_STEP, 2L),
                    tuple("project", "parked", SKIPPED_A_STEP, 3L));
            awaitExactly(run, held, deadLetters);

            replayFixedPayments(run);
            awaitExactly(run, withoutPoison(true, true), deadLetters);
        }
    }

    @Test
    void skipGivesThePoisonedNumberUpAndTheReplaysRepairTheRows() throws Exception {
        try (OrdersJobRun run = new OrdersJobRun("poison-skip", 2, 1, "--poison-policy", "SKIP",
                "--source-idle-timeout", "PT1S", "--checkpoint-interval", "PT2S", "--sink-batch-size", "50",
                "--sink-flush-interval", "PT0.1S")) {
            run.start(null);
            sendAll(run);

            Map<String, OrderSummaryRow> skipped = new TreeMap<>(withoutPoison(false, false));
            for (String id : POISONED) {
                skipped.put(id, fold(events(id).subList(0, 1))); // shipped and delivered rejected: not paid
            }
            List<Tuple> deadLetters = List.of(
                    tuple("deserialize", "malformed", "ord-p03", 2L), tuple("deserialize", "malformed", "ord-p07", 2L),
                    tuple("project", "illegal-transition", "ord-p03", 3L),
                    tuple("project", "illegal-transition", "ord-p03", 4L),
                    tuple("project", "illegal-transition", "ord-p07", 3L),
                    tuple("project", "illegal-transition", "ord-p07", 4L),
                    tuple("project", "illegal-transition", SKIPPED_A_STEP, 2L));
            awaitExactly(run, skipped, deadLetters);

            replayFixedPayments(run);
            for (String id : POISONED) { // then what the projection rejected, in sequence order, by the CLI
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = EventlineCli.execute(new PrintWriter(out), new PrintWriter(err), "dlq", "replay",
                        "--aggregate", id, "--stage", "project", "--bootstrap-servers", run.kafka.bootstrapServers(),
                        "--topic", run.topic, "--registry-url", run.registry.ccompatUrl());
                assertThat(code).as(err.toString()).isZero();
                assertThat(out.toString()).contains("replayed 2 to " + run.topic);
            }
            awaitExactly(run, withoutPoison(true, false), deadLetters);
        }
    }

    /** The twelve orders' events as the producers sent them, the two payments as unreadable JSON. */
    private static void sendAll(OrdersJobRun run) throws Exception {
        EnvelopeRecordSerializer avro =
                new EnvelopeRecordSerializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
        for (int o = 0; o < 12; o++) {
            String id = orderId(o);
            for (EventEnvelope e : events(id)) {
                byte[] value = POISONED.contains(id) && e.getSequenceNumber() == 2
                        ? paymentJson(e, "\"twenty\"") : avro.serializeValue(e);
                // Keyed by aggregateId with the default partitioner, as producers and `eventline dlq replay` do.
                run.send(new ProducerRecord<>(run.topic, null, System.currentTimeMillis(),
                        id.getBytes(StandardCharsets.UTF_8), value));
            }
        }
        run.flush();
    }

    /** What {@code eventline dlq replay} sends for the malformed dead letters, with the payload fixed. */
    private static void replayFixedPayments(OrdersJobRun run) throws Exception {
        for (DlqRecord r : DlqReader.deadLetters(run.kafka.bootstrapServers(), run.topic + ".dlq",
                RegistryConfig.of(run.registry.ccompatUrl()))) {
            if (!"malformed".equals(r.reason())) {
                continue;
            }
            EventEnvelope payment = events(r.aggregateId()).get(1);
            ProducerRecord<byte[], byte[]> fixed = new ProducerRecord<>(run.topic, null,
                    r.letter().getRecordTimestamp().toEpochMilli(), r.aggregateId().getBytes(StandardCharsets.UTF_8),
                    paymentJson(payment, "20.00"));
            fixed.headers().add(ReplayHeaders.REPLAY_OF, utf8(run.topic + ".dlq:" + r.position()));
            fixed.headers().add(ReplayHeaders.REPLAY_STAGE, utf8(r.stage()));
            fixed.headers().add(ReplayHeaders.REPLAY_REASON, utf8(r.reason()));
            fixed.headers().add(ReplayHeaders.ATTEMPT, utf8(String.valueOf(r.letter().getAttempt() + 1)));
            run.send(fixed);
        }
        run.flush();
    }

    private static void awaitExactly(OrdersJobRun run, Map<String, OrderSummaryRow> rows, List<Tuple> deadLetters)
            throws Exception {
        try {
            OrdersJobRun.await("rows " + rows.keySet() + " and " + deadLetters.size() + " dead letters", WAIT,
                    () -> run.orders().equals(rows) && run.deadLetterCount() == deadLetters.size());
            Thread.sleep(2_000); // nothing more comes: no late row, no further dead letter
        } catch (AssertionError timedOut) {
            // fall through: the exact assertions below say what differs
        }
        assertThat(run.orders()).isEqualTo(rows);
        assertThat(DlqReader.deadLetters(run.kafka.bootstrapServers(), run.topic + ".dlq",
                        RegistryConfig.of(run.registry.ccompatUrl())))
                .extracting(DlqRecord::stage, DlqRecord::reason, DlqRecord::aggregateId, DlqRecord::sequence)
                .containsExactlyInAnyOrderElementsOf(deadLetters);
    }

    /**
     * The rows of a run that never saw the poison: fixed payments; the order that skipped a step stops at its
     * rejected event under HOLD (the projection holds it), and applies the cancellation after it under SKIP.
     */
    private static Map<String, OrderSummaryRow> withoutPoison(boolean poisonedToo, boolean hold) {
        Map<String, OrderSummaryRow> rows = new TreeMap<>();
        for (int o = 0; o < 12; o++) {
            String id = orderId(o);
            if (POISONED.contains(id) && !poisonedToo) {
                continue;
            }
            List<EventEnvelope> events = events(id);
            rows.put(id, id.equals(SKIPPED_A_STEP) && hold ? fold(events.subList(0, 1)) : fold(events));
        }
        return rows;
    }

    private static String orderId(int o) {
        return String.format("ord-p%02d", o);
    }

    private static List<EventEnvelope> events(String id) {
        int o = Integer.parseInt(id.substring(5));
        if (id.equals(SKIPPED_A_STEP)) {
            return List.of(placed(id, "cust-" + o, 1, at(o), "20.00", item("BOOK-07", 1, "20.00")),
                    delivered(id, 2, at(o).plusSeconds(1)), // never shipped: illegal from placed
                    cancelled(id, 3, at(o).plusSeconds(2)));
        }
        return List.of(placed(id, "cust-" + o, 1, at(o), "20.00", item("BOOK-07", 1, "20.00")),
                paid(id, 2, at(o).plusSeconds(1), "20.00"),
                shipped(id, 3, at(o).plusSeconds(2)),
                delivered(id, 4, at(o).plusSeconds(3)));
    }

    /** The payment as the third-party JSON producer sends it, with the given amount literal. */
    private static byte[] paymentJson(EventEnvelope payment, String amount) {
        String json = "{\"eventType\": \"PaymentAuthorized\", \"eventId\": \"" + payment.getEventId() + "\","
                + " \"aggregateType\": \"Order\", \"aggregateId\": \"" + payment.getAggregateId() + "\","
                + " \"sequenceNumber\": 2, \"timestamp\": \"" + payment.getTimestamp() + "\", \"version\": \"1.0\","
                + " \"payload\": {\"orderId\": \"" + payment.getAggregateId() + "\", \"paymentId\": \"pay-"
                + payment.getAggregateId() + "-2\", \"amount\": " + amount + ", \"currency\": \"USD\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static OrderSummaryRow fold(List<EventEnvelope> events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            var outcome = OrderSummaryProjection.apply(row, e);
            if (outcome.isApplied()) {
                row = outcome.state();
            }
        }
        return row;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
