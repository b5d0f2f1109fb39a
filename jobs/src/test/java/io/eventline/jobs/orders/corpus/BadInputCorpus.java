package io.eventline.jobs.orders.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventline.jobs.orders.corpus.BadInput.ExpectedDeadLetter;
import io.eventline.jobs.orders.corpus.BadInput.ExpectedRow;
import io.eventline.jobs.orders.corpus.BadInput.Header;
import io.eventline.jobs.orders.corpus.BadInput.Sent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The corpus of bad (and unusual but legal) input that a producer outside our control can send. Each kind uses
 * aggregates of its own ({@code c<NN>-...}), so that "other aggregates unaffected" is checked by every other kind,
 * and by the control orders. Outcomes are exact: the dead letters by stage and reason, or the applied rows.
 */
final class BadInputCorpus {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Encodes events the way a third-party Avro producer does: Confluent wire format, registry ids. */
    interface AvroWriter {
        /**
         * An {@code OrderPlaced} of {@code orderId} (sequence 1, as {@link #placed}), changed by {@code edit}, as
         * the magic byte, the registered envelope schema's id and the Avro body.
         */
        byte[] placed(String orderId, java.util.function.UnaryOperator<io.eventline.events.EventEnvelope> edit)
                throws Exception;

        /** The id of a schema registered under another subject (the dead-letter record). */
        int otherSubjectSchemaId();
    }

    private BadInputCorpus() {}

    static List<BadInput> all(AvroWriter avro) throws Exception {
        List<BadInput> kinds = new ArrayList<>();
        Random random = new Random(42);

        byte[] garbage = new byte[512];
        random.nextBytes(garbage);
        garbage[0] = 0x07; // neither 0x00 (Avro) nor '{' (JSON)
        kinds.add(dead("random bytes", List.of(sent("c01", garbage)), "deserialize", "malformed"));
        kinds.add(dead("empty value", List.of(sent("c02", new byte[0])), "deserialize", "malformed"));
        kinds.add(dead("null value (tombstone)", List.of(sent("c03", (byte[]) null)), "deserialize", "malformed"));

        kinds.add(applied("null key", List.of(new Sent(null, bytes(placed("c04")))), row("c04", "placed", 1)));
        kinds.add(applied("key differs from aggregateId", List.of(sent("not-c05", placed("c05"))),
                row("c05", "placed", 1)));

        byte[] avroPlaced = avro.placed("c06", e -> e);
        byte[] wrongMagic = avroPlaced.clone();
        wrongMagic[0] = 0x01;
        kinds.add(dead("wrong magic byte", List.of(sent("c06", wrongMagic)), "deserialize", "malformed"));
        byte[] avroTruncated = Arrays.copyOf(avro.placed("c07", e -> e), avroPlaced.length / 2);
        kinds.add(dead("truncated Avro", List.of(sent("c07", avroTruncated)), "deserialize", "malformed"));
        kinds.add(dead("unknown schema id", List.of(sent("c08", withSchemaId(avro.placed("c08", e -> e), 987_654))),
                "deserialize", "unknown-schema"));
        kinds.add(dead("schema id of another subject",
                List.of(sent("c09", withSchemaId(avro.placed("c09", e -> e), avro.otherSubjectSchemaId()))),
                "deserialize", "unknown-schema"));
        kinds.add(applied("Avro, valid (the baseline of the Avro kinds)", List.of(sent("c10", avro.placed("c10", e -> e))),
                row("c10", "placed", 1)));

        ObjectNode missingAggregate = placed("c11");
        missingAggregate.remove("aggregateId");
        kinds.add(dead("JSON without a required field (aggregateId)", List.of(sent("c11", missingAggregate)),
                "deserialize", "malformed"));
        ObjectNode mistyped = placed("c12");
        mistyped.put("sequenceNumber", "one");
        kinds.add(dead("JSON field of the wrong type (sequenceNumber \"one\")", List.of(sent("c12", mistyped)),
                "deserialize", "malformed"));
        ObjectNode extra = placed("c13");
        extra.put("producerHost", "billing-7");
        payload(extra).put("giftWrap", true);
        kinds.add(applied("JSON with unknown extra fields", List.of(sent("c13", extra)), row("c13", "placed", 1)));
        ObjectNode outOfRange = placed("c14");
        item(outOfRange).put("quantity", 30_000_000_000L);
        kinds.add(dead("number out of range (quantity 3e10 in an int)", List.of(sent("c14", outOfRange)),
                "deserialize", "malformed"));
        kinds.add(dead("NaN as an amount", List.of(sent("c15",
                raw(placed("c15"), "\"total\":20.00", "\"total\":NaN"))), "deserialize", "malformed"));
        kinds.add(dead("Infinity as an amount", List.of(sent("c16",
                raw(placed("c16"), "\"total\":20.00", "\"total\":Infinity"))), "deserialize", "malformed"));
        ObjectNode negative = placed("c17");
        item(negative).put("quantity", -2);
        kinds.add(dead("negative quantity", List.of(sent("c17", negative)), "validate", "invalid-envelope"));
        ObjectNode tooPrecise = placed("c18");
        payload(tooPrecise).put("total", new java.math.BigDecimal("20.001"));
        kinds.add(dead("decimal with more digits than its scale (20.001 in decimal(18,2))",
                List.of(sent("c18", tooPrecise)), "deserialize", "malformed"));

        kinds.add(dead("sequence number 0", List.of(sent("c19", placed("c19").put("sequenceNumber", 0))),
                "validate", "invalid-envelope"));
        kinds.add(dead("sequence number -1", List.of(sent("c20", placed("c20").put("sequenceNumber", -1))),
                "validate", "invalid-envelope"));
        kinds.add(new BadInput("sequence number Long.MAX_VALUE after 1",
                List.of(sent("c21", placed("c21")), sent("c21", paid("c21", Long.MAX_VALUE))),
                List.of(new ExpectedDeadLetter(1, "order", "invalid-sequence")), List.of(row("c21", "placed", 1))));
        kinds.add(new BadInput("sequence jump of 10^12",
                List.of(sent("c22", placed("c22")), sent("c22", paid("c22", 1_000_000_000_001L))),
                List.of(new ExpectedDeadLetter(1, "order", "sequence-jump")), List.of(row("c22", "placed", 1))));
        ObjectNode sameIdOtherContent = placed("c23");
        payload(sameIdOtherContent).put("total", new java.math.BigDecimal("99.00"));
        kinds.add(new BadInput("the same eventId with other content",
                List.of(sent("c23", placed("c23")), sent("c23", sameIdOtherContent)),
                List.of(new ExpectedDeadLetter(1, "order", "conflict")), List.of(row("c23", "placed", 1))));
        ObjectNode reused = placed("c24b");
        reused.put("eventId", "evt-c24a-1");
        kinds.add(applied("an eventId reused in another aggregate (identity is per aggregate)",
                List.of(sent("c24a", placed("c24a")), sent("c24b", reused)),
                row("c24a", "placed", 1), row("c24b", "placed", 1)));
        ObjectNode sameSeqOtherId = placed("c25");
        sameSeqOtherId.put("eventId", "evt-c25-other");
        kinds.add(new BadInput("the same sequence number with another eventId",
                List.of(sent("c25", placed("c25")), sent("c25", sameSeqOtherId)),
                List.of(new ExpectedDeadLetter(1, "order", "conflict")), List.of(row("c25", "placed", 1))));

        kinds.add(applied("a 1 MiB event (8,000 line items)", List.of(sent("c26", bigOrder("c26", 8_000))),
                new ExpectedRow("c26", "placed", 1, "160000.00", "EUR")));
        byte[] fiveMiB = new byte[5 * 1024 * 1024];
        Arrays.fill(fiveMiB, (byte) 'x');
        fiveMiB[0] = '{';
        kinds.add(dead("a 5 MiB value that is not an event (topic limit raised)", List.of(sent("c27", fiveMiB)),
                "deserialize", "malformed"));
        kinds.add(dead("deeply nested JSON (100,000 levels)", List.of(sent("c28", nested(100_000))),
                "deserialize", "malformed"));
        byte[] badUtf8 = raw(placed("c29"), "cust-corpus", "cust-\u0001corpus");
        byte[] invalid = new byte[badUtf8.length];
        System.arraycopy(badUtf8, 0, invalid, 0, badUtf8.length);
        int at = indexOf(invalid, (byte) 0x01);
        invalid[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        kinds.add(dead("invalid UTF-8", List.of(sent("c29", invalid)), "deserialize", "malformed"));

        String sqlId = "c30-'); DROP TABLE order_summary; --";
        kinds.add(applied("an id with SQL in it", List.of(sent(sqlId, placed(sqlId))), row(sqlId, "placed", 1)));
        String unicodeId = "c31-\"quoted\"-ünïcödé-注文-\uD83D\uDCE6";
        kinds.add(applied("an id with quotes and unicode", List.of(sent(unicodeId, placed(unicodeId))),
                row(unicodeId, "placed", 1)));
        String longId = "c32-" + "x".repeat(10 * 1024);
        kinds.add(applied("a 10 KB id", List.of(sent(longId, placed(longId))), row(longId, "placed", 1)));
        kinds.add(applied("a timestamp far in the past (1970)",
                List.of(sent("c33", placed("c33").put("timestamp", "1970-01-01T00:00:00Z"))), row("c33", "placed", 1)));
        kinds.add(applied("a timestamp far in the future (9999)",
                List.of(sent("c34", placed("c34").put("timestamp", "9999-12-31T23:59:59Z"))), row("c34", "placed", 1)));
        // A first delivery that claims to be a replay of a projection-stage dead letter: the ordering operator
        // lets it through, and the projection's sequence guard keeps it from applying twice.
        kinds.add(new BadInput("forged eventline-replay-* headers on a copy of an applied event",
                List.of(sent("c35", placed("c35")), new Sent(key("c35"), bytes(placed("c35")), List.of(
                        new Header("eventline-replay-of", "orders.dlq:0:0"),
                        new Header("eventline-replay-stage", "project"),
                        new Header("eventline-replay-reason", "illegal-transition"),
                        new Header("eventline-attempt", "2")))),
                List.of(new ExpectedDeadLetter(1, "project", "stale-sequence")), List.of(row("c35", "placed", 1))));
        kinds.add(dead("unknown eventType", List.of(sent("c36", placed("c36").put("eventType", "OrderTeleported"))),
                "validate", "invalid-envelope"));
        kinds.add(dead("aggregateType that does not match the event",
                List.of(sent("c37", placed("c37").put("aggregateType", "Customer"))), "validate", "invalid-envelope"));
        ObjectNode noCurrency = paid("c38", 2);
        payload(noCurrency).remove("currency");
        kinds.add(applied("PaymentAuthorized without currency (the order's currency applies)",
                List.of(sent("c38", placed("c38")), sent("c38", noCurrency)), row("c38", "paid", 2)));
        kinds.add(dead("Avro whose payload is not of its eventType",
                List.of(sent("c39", avro.placed("c39", e -> {
                    e.setEventType("OrderShipped");
                    return e;
                }))),
                "validate", "invalid-envelope"));
        return kinds;
    }

    /** Orders of the control group: ordinary traffic between the bad records, whose rows must be exact. */
    static List<BadInput> controls(int count) throws Exception {
        List<BadInput> controls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "control-" + i;
            controls.add(applied("control order " + i, List.of(sent(id, placed(id)), sent(id, paid(id, 2))),
                    row(id, "paid", 2)));
        }
        return controls;
    }

    // ---------------------------------------------------------------- events

    static ObjectNode placed(String orderId) {
        ObjectNode event = envelope("OrderPlaced", orderId, 1);
        ObjectNode payload = event.putObject("payload");
        payload.put("orderId", orderId).put("customerId", "cust-corpus");
        payload.putArray("items").addObject().put("sku", "SKU-1").put("quantity", 2)
                .put("unitPrice", new java.math.BigDecimal("10.00"));
        payload.put("total", new java.math.BigDecimal("20.00")).put("currency", "EUR");
        return event;
    }

    static ObjectNode paid(String orderId, long sequence) {
        ObjectNode event = envelope("PaymentAuthorized", orderId, sequence);
        event.putObject("payload").put("orderId", orderId).put("paymentId", "pay-" + orderId)
                .put("amount", new java.math.BigDecimal("20.00")).put("currency", "EUR");
        return event;
    }

    private static ObjectNode envelope(String type, String aggregateId, long sequence) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", type).put("eventId", "evt-" + aggregateId + "-" + sequence)
                .put("aggregateType", "Order").put("aggregateId", aggregateId).put("sequenceNumber", sequence)
                .put("timestamp", "2026-12-01T10:00:00Z").put("version", "1.0");
        return event;
    }

    private static byte[] bigOrder(String orderId, int items) throws Exception {
        ObjectNode event = placed(orderId);
        ArrayNode lines = payload(event).putArray("items");
        for (int i = 0; i < items; i++) {
            lines.addObject().put("sku", String.format("SKU-%06d-%s", i, "y".repeat(80))).put("quantity", 2)
                    .put("unitPrice", new java.math.BigDecimal("10.00"));
        }
        payload(event).put("total", new java.math.BigDecimal(items * 20 + ".00"));
        byte[] value = bytes(event);
        if (value.length < 1024 * 1024) {
            throw new IllegalStateException("the big event is only " + value.length + " bytes");
        }
        return value;
    }

    private static byte[] nested(int depth) {
        StringBuilder s = new StringBuilder(depth * 8 + 16);
        for (int i = 0; i < depth; i++) {
            s.append("{\"a\":");
        }
        s.append('1');
        s.append("}".repeat(depth));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode payload(ObjectNode event) {
        return (ObjectNode) event.get("payload");
    }

    private static ObjectNode item(ObjectNode event) {
        return (ObjectNode) payload(event).get("items").get(0);
    }

    // ---------------------------------------------------------------- records and expectations

    static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event's JSON text with one literal replaced: for values Jackson would not write (NaN, bad UTF-8). */
    private static byte[] raw(ObjectNode event, String literal, String replacement) {
        String text = new String(bytes(event), StandardCharsets.UTF_8);
        if (!text.contains(literal)) {
            throw new IllegalStateException("no " + literal + " in " + text);
        }
        return text.replace(literal, replacement).getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("byte not found");
    }

    private static byte[] withSchemaId(byte[] wire, int id) {
        byte[] copy = wire.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    private static byte[] key(String aggregateId) {
        return aggregateId.getBytes(StandardCharsets.UTF_8);
    }

    private static Sent sent(String key, ObjectNode event) {
        return new Sent(key(key), bytes(event));
    }

    private static Sent sent(String key, byte[] value) {
        return new Sent(key(key), value);
    }

    private static ExpectedRow row(String orderId, String status, long version) {
        return new ExpectedRow(orderId, status, version, "20.00", "EUR");
    }

    private static BadInput dead(String kind, List<Sent> records, String stage, String reason) {
        return new BadInput(kind, records, List.of(new ExpectedDeadLetter(0, stage, reason)), List.of());
    }

    private static BadInput applied(String kind, List<Sent> records, ExpectedRow... rows) {
        return new BadInput(kind, records, List.of(), List.of(rows));
    }
}
