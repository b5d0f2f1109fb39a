package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.serde.AvroJsonDecoder;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.EventOrDeadLetterSplitter;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.FakeRegistry;
import io.eventline.common.serde.MalformedRecordException;
import io.eventline.common.serde.RegistryUnavailableException;
import io.eventline.common.serde.SerdeTestConfig;
import io.eventline.common.serde.UnknownSchemaException;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PaymentFailed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The never-throwing deserializer on every kind of bad input, against a scripted registry that knows
 * schema id 1 (the envelope) and id 2 (an unrelated record). The same cases against the real registry are in
 * {@link RegistrySerdeITCase}.
 */
class EnvelopeRecordDeserializerTest {

    static final Schema OTHER = SchemaBuilder.record("Unrelated").namespace("x").fields().requiredInt("n").endRecord();

    private FakeRegistry fake;
    private EnvelopeRecordDeserializer<EventEnvelope> deserializer;
    private EnvelopeRecordSerializer<EventEnvelope> serializer;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeRegistry(r -> {
            if (r.method().equals("POST")) {
                return new FakeRegistry.Response(200, "{\"id\":1}");
            }
            if (r.path().endsWith("/schemas/ids/1")) {
                return new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(EventEnvelope.getClassSchema()));
            }
            if (r.path().endsWith("/schemas/ids/2")) {
                return new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(OTHER));
            }
            return new FakeRegistry.Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        });
        deserializer = OrderEnvelopes.deserializer(SerdeTestConfig.fast(fake.url()), "serde-test");
        serializer = OrderEnvelopes.serializer(SerdeTestConfig.fast(fake.url()), Events.TOPIC);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private Either<EventEnvelope, DeadLetter> decode(byte[] value) throws Exception {
        return deserializer.decode(Events.record(value));
    }

    private DeadLetter deadLetter(byte[] value, String stage, String reason) throws Exception {
        Either<EventEnvelope, DeadLetter> out = decode(value);
        assertThat(out.isRight()).as("dead letter expected, got %s", out).isTrue();
        DeadLetter dl = out.right();
        assertThat(dl.getStage()).isEqualTo(stage);
        assertThat(dl.getReason()).isEqualTo(reason);
        Events.assertSource(dl, value);
        return dl;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesAvroWireFormat() throws Exception {
        EventEnvelope event = Events.orderPlaced("evt-1", 1);
        byte[] value = serializer.serializeValue(event);
        assertThat(Arrays.copyOf(value, 5)).containsExactly(0, 0, 0, 0, 1);

        Either<EventEnvelope, DeadLetter> out = decode(value);
        assertThat(out.isLeft()).isTrue();
        assertThat(out.left()).isEqualTo(event);
    }

    @Test
    void decodesJsonEnvelope() throws Exception {
        Either<EventEnvelope, DeadLetter> out = decode(json("  \n" + Events.DESIGN_JSON));
        assertThat(out.isLeft()).isTrue();
        assertThat(out.left().getEventId()).isEqualTo("evt-a1b2c3d4");
        assertThat(fake.requests).as("JSON needs no registry").isEmpty();
    }

    @Test
    void randomBytesAreMalformed() throws Exception {
        byte[] value = new byte[64];
        new Random(7).nextBytes(value);
        value[0] = (byte) 0x9c;
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("unknown format: first byte 0x9c is neither 0x00 (Confluent Avro) nor '{' (JSON)");
        assertThat(dl.getExceptionClass()).isNull();
    }

    @Test
    void fuzzedBytesNeverThrowAndKeepTheirBytes() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] value = new byte[1 + random.nextInt(40)];
            random.nextBytes(value);
            if (i % 3 == 0) {
                value[0] = 0;
            } else if (i % 3 == 1) {
                value[0] = '{';
            }
            Either<EventEnvelope, DeadLetter> out = decode(value);
            assertThat(out.isRight()).isTrue();
            DeadLetter dl = out.right();
            Events.assertSource(dl, value);
            int id = value.length >= 5 ? ((value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | (value[4] & 0xff)) : -1;
            String expected = value[0] == 0 && value.length >= 5 && id != 1 && id != 2 ? "unknown-schema" : "malformed";
            assertThat(dl.getReason()).as("case %d: %s", i, dl.getMessage()).isEqualTo(expected);
        }
    }

    @Test
    void randomAvroBodiesAfterAValidHeaderNeverThrow() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] value = new byte[5 + random.nextInt(60)];
            random.nextBytes(value);
            value[0] = 0; value[1] = 0; value[2] = 0; value[3] = 0; value[4] = 1;
            Either<EventEnvelope, DeadLetter> out = decode(value);
            if (out.isRight()) {
                Events.assertSource(out.right(), value);
                assertThat(out.right().getReason()).isIn("malformed", "invalid-envelope");
            }
        }
        assertThat(fake.count("GET")).as("schema 1 fetched once, then cached").isEqualTo(1);
    }

    @Test
    void emptyValueIsMalformed() throws Exception {
        DeadLetter dl = deadLetter(new byte[0], "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("empty value");
    }

    @Test
    void nullValueIsMalformed() throws Exception {
        DeadLetter dl = deadLetter(null, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("null value (tombstone) where an event was expected");
        assertThat(dl.getValue()).isNull();
    }

    @Test
    void wrongMagicByteIsMalformed() throws Exception {
        byte[] value = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        value[0] = 1;
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("unknown format: first byte 0x01 is neither 0x00 (Confluent Avro) nor '{' (JSON)");
    }

    @Test
    void truncatedHeaderIsMalformed() throws Exception {
        DeadLetter dl = deadLetter(new byte[] {0, 0, 0}, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("truncated record: fewer than 4 bytes of schema id after the magic byte");
        assertThat(dl.getExceptionClass()).isEqualTo(MalformedRecordException.class.getName());
    }

    @Test
    void truncatedAvroBodyIsMalformedAtEveryCut() throws Exception {
        byte[] full = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        for (int length = 5; length < full.length; length++) {
            byte[] value = Arrays.copyOf(full, length);
            DeadLetter dl = deadLetter(value, "deserialize", "malformed");
            assertThat(dl.getMessage()).as("cut at %d", length)
                    .startsWith("cannot decode the Avro body (" + (length - 5) + " bytes) with schema id 1: ");
            assertThat(dl.getExceptionClass()).isEqualTo(MalformedRecordException.class.getName());
            assertThat(dl.getStackTrace()).startsWith(MalformedRecordException.class.getName() + ": cannot decode the Avro body");
        }
        // and the deserializer is not left in a bad state
        assertThat(decode(full).left()).isEqualTo(Events.orderPlaced("evt-1", 1));
    }

    @Test
    void trailingBytesAreMalformedAndDoNotLeakIntoTheNextRecord() throws Exception {
        byte[] a = serializer.serializeValue(Events.orderPlaced("evt-A", 1));
        byte[] b = serializer.serializeValue(Events.orderPlaced("evt-B", 2));
        byte[] trailing = Arrays.copyOf(a, a.length + 20);

        DeadLetter dl = deadLetter(trailing, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("20 trailing byte(s) after the Avro body of schema id 1");
        assertThat(decode(b).left()).isEqualTo(Events.orderPlaced("evt-B", 2));
    }

    @Test
    void aBodyFlinkAvroRejectsLeavesNoStateBehind() throws Exception {
        // A PaymentAuthorized whose decimal amount has zero bytes: structurally fine, not a decimal.
        Schema schema = EventEnvelope.getClassSchema();
        Schema paymentSchema = schema.getField("payload").schema().getTypes().stream()
                .filter(t -> t.getName().equals("PaymentAuthorized")).findFirst().orElseThrow();
        org.apache.avro.generic.GenericRecord payment = new org.apache.avro.generic.GenericData.Record(paymentSchema);
        payment.put("orderId", "ord-456");
        payment.put("paymentId", "pay-1");
        payment.put("amount", java.nio.ByteBuffer.allocate(0));
        payment.put("currency", "USD");
        org.apache.avro.generic.GenericRecord envelope = new org.apache.avro.generic.GenericData.Record(schema);
        envelope.put("eventId", "evt-p");
        envelope.put("eventType", "PaymentAuthorized");
        envelope.put("aggregateType", "Order");
        envelope.put("aggregateId", "ord-456");
        envelope.put("sequenceNumber", 2L);
        envelope.put("timestamp", Events.OCCURRED.toEpochMilli());
        envelope.put("version", "1.0");
        envelope.put("payload", payment);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, 1});
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(schema).write(envelope, encoder);
        encoder.flush();
        byte[] value = out.toByteArray();

        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("cannot decode: Zero length BigInteger");
        assertThat(dl.getExceptionClass()).isEqualTo(NumberFormatException.class.getName());
        assertThat(decode(serializer.serializeValue(Events.orderPlaced("evt-B", 2))).left())
                .isEqualTo(Events.orderPlaced("evt-B", 2));
    }

    @Test
    void unknownSchemaIdIsUnknownSchema() throws Exception {
        byte[] value = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        value[4] = 9;
        DeadLetter dl = deadLetter(value, "deserialize", "unknown-schema");
        assertThat(dl.getMessage()).isEqualTo("schema id 9 is not in the registry: cannot look up schema 9: HTTP 404 "
                + "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        assertThat(dl.getExceptionClass()).isEqualTo(UnknownSchemaException.class.getName());
    }

    @Test
    void schemaThatIsNotAnEnvelopeIsUnknownSchema() throws Exception {
        byte[] value = {0, 0, 0, 0, 2, 42};
        DeadLetter dl = deadLetter(value, "deserialize", "unknown-schema");
        assertThat(dl.getMessage()).startsWith("writer schema x.Unrelated (id 2) cannot be read as io.eventline.events.EventEnvelope: ");
    }

    @Test
    void jsonWithMissingFieldsIsMalformed() throws Exception {
        byte[] value = json(Events.DESIGN_JSON.replace("\"aggregateId\": \"ord-456\",", ""));
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("$.aggregateId: missing, expected string");
        assertThat(dl.getEventId()).isEqualTo("evt-a1b2c3d4");
        assertThat(dl.getEventType()).isEqualTo("OrderPlaced");
        assertThat(dl.getAggregateId()).isNull();
        assertThat(dl.getSequenceNumber()).isEqualTo(1L);
        assertThat(dl.getExceptionClass()).isEqualTo(AvroJsonDecoder.MalformedJsonException.class.getName());
    }

    @Test
    void jsonWithMistypedFieldsIsMalformed() throws Exception {
        byte[] value = json(Events.DESIGN_JSON.replace("\"total\": 99.98", "\"total\": \"ninety-nine\""));
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).isEqualTo("$.payload.total: expected a JSON number (decimal, scale 2), found string \"ninety-nine\"");
        assertThat(dl.getAggregateId()).isEqualTo("ord-456");
    }

    @Test
    void invalidJsonIsMalformed() throws Exception {
        byte[] value = json("{\"eventId\": \"evt-1\", ");
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).startsWith("not valid JSON: Unexpected end-of-input");
        assertThat(dl.getEventId()).isNull();
    }

    @Test
    void negativeSequenceNumberIsAnInvalidEnvelope() throws Exception {
        byte[] value = json(Events.DESIGN_JSON.replace("\"sequenceNumber\": 1", "\"sequenceNumber\": -1"));
        DeadLetter dl = deadLetter(value, "validate", "invalid-envelope");
        assertThat(dl.getMessage()).isEqualTo("invalid envelope: sequenceNumber must be null or >= 1, was -1");
        assertThat(dl.getEventId()).isEqualTo("evt-a1b2c3d4");
        assertThat(dl.getEventType()).isEqualTo("OrderPlaced");
        assertThat(dl.getAggregateId()).isEqualTo("ord-456");
        assertThat(dl.getSequenceNumber()).isEqualTo(-1L);
        assertThat(dl.getExceptionClass()).isNull();
    }

    @Test
    void zeroSequenceNumberIsAnInvalidEnvelope() throws Exception {
        byte[] avro = serializer.serializeValue(Events.orderPlaced("evt-0", 0));
        DeadLetter dl = deadLetter(avro, "validate", "invalid-envelope");
        assertThat(dl.getMessage()).isEqualTo("invalid envelope: sequenceNumber must be null or >= 1, was 0");
        assertThat(dl.getEventId()).isEqualTo("evt-0");
        assertThat(dl.getSequenceNumber()).isEqualTo(0L);

        byte[] json = json(Events.DESIGN_JSON.replace("\"sequenceNumber\": 1", "\"sequenceNumber\": 0"));
        assertThat(deadLetter(json, "validate", "invalid-envelope").getMessage())
                .isEqualTo("invalid envelope: sequenceNumber must be null or >= 1, was 0");
    }

    @Test
    void nullSequenceNumberIsAllowed() throws Exception {
        byte[] json = json(Events.DESIGN_JSON.replace("\"sequenceNumber\": 1,", ""));
        Either<EventEnvelope, DeadLetter> out = decode(json);
        assertThat(out.isLeft()).isTrue();
        assertThat(out.left().getSequenceNumber()).isNull();
        Either<EventEnvelope, DeadLetter> avro = decode(serializer.serializeValue(Events.customerUpdated("evt-c")));
        assertThat(avro.left()).isEqualTo(Events.customerUpdated("evt-c"));
    }

    @Test
    void blankIdsAreAnInvalidEnvelope() throws Exception {
        byte[] value = json(Events.DESIGN_JSON.replace("\"evt-a1b2c3d4\"", "\"\"").replace("\"Order\"", "\"  \""));
        DeadLetter dl = deadLetter(value, "validate", "invalid-envelope");
        assertThat(dl.getMessage()).isEqualTo("invalid envelope: eventId must not be empty; aggregateType must not be empty");
    }

    @Test
    void payloadNotMatchingEventTypeIsAnInvalidEnvelope() throws Exception {
        byte[] value = serializer.serializeValue(Events.shippedWithWrongPayload());
        DeadLetter dl = deadLetter(value, "validate", "invalid-envelope");
        assertThat(dl.getMessage()).isEqualTo("invalid envelope: payload is a OrderPlaced but eventType is OrderShipped");
        assertThat(dl.getEventType()).isEqualTo("OrderShipped");
    }

    @Test
    void unknownEventTypeInJsonIsAnInvalidEnvelope() throws Exception {
        byte[] value = json(Events.DESIGN_JSON.replace("\"OrderPlaced\"", "\"OrderTeleported\""));
        DeadLetter dl = deadLetter(value, "validate", "invalid-envelope");
        assertThat(dl.getMessage()).startsWith("invalid envelope: eventType OrderTeleported names no payload type; known: [OrderPlaced,");
        assertThat(dl.getEventId()).isEqualTo("evt-a1b2c3d4");
        assertThat(dl.getEventType()).isEqualTo("OrderTeleported");
    }

    /** Decision: no size limit in the deserializer (the broker's max.message.bytes is the limit); 1 MiB decodes. */
    @Test
    void oneMebibyteEventsDecodeInBothFormats() throws Exception {
        String reason = "x".repeat(1 << 20);
        EventEnvelope big = Events.paymentFailed("evt-big", 3L, reason);
        byte[] avro = serializer.serializeValue(big);
        assertThat(avro.length).isGreaterThan(1 << 20);
        Either<EventEnvelope, DeadLetter> fromAvro = decode(avro);
        assertThat(fromAvro.isLeft()).isTrue();
        assertThat(fromAvro.left()).isEqualTo(big);
        assertThat(((PaymentFailed) fromAvro.left().getPayload()).getReason()).hasSize(1 << 20);

        byte[] json = json("{\"eventType\":\"PaymentFailed\",\"eventId\":\"evt-big\",\"aggregateType\":\"Order\","
                + "\"aggregateId\":\"ord-456\",\"sequenceNumber\":3,\"timestamp\":\"2025-06-28T10:00:00Z\","
                + "\"version\":\"1.0\",\"payload\":{\"orderId\":\"ord-456\",\"reason\":\"" + reason + "\"}}");
        Either<EventEnvelope, DeadLetter> fromJson = decode(json);
        assertThat(fromJson.isLeft()).isTrue();
        assertThat(fromJson.left()).isEqualTo(big);
    }

    @Test
    void oneMebibyteOfGarbageIsMalformedWithAllItsBytes() throws Exception {
        byte[] value = new byte[1 << 20];
        new Random(3).nextBytes(value);
        value[0] = '{';
        DeadLetter dl = deadLetter(value, "deserialize", "malformed");
        assertThat(dl.getMessage()).startsWith("not valid JSON: ");
        assertThat(dl.getValue().remaining()).isEqualTo(1 << 20);

        byte[] avro = Arrays.copyOf(value, value.length);
        avro[0] = 0; avro[1] = 0; avro[2] = 0; avro[3] = 0; avro[4] = 1;
        Either<EventEnvelope, DeadLetter> out = decode(avro);
        assertThat(out.isRight()).isTrue();
        Events.assertSource(out.right(), avro);
        assertThat(out.right().getReason()).isIn("malformed", "invalid-envelope");
    }

    @Test
    void registryDownIsRegistryUnavailableAfterRetriesWhileJsonStillDecodes() throws Exception {
        EnvelopeRecordDeserializer<EventEnvelope> down = OrderEnvelopes.deserializer(
                SerdeTestConfig.fast(SerdeTestConfig.deadUrl()), "serde-test");
        byte[] value = serializer.serializeValue(Events.orderPlaced("evt-1", 1));

        long t0 = System.nanoTime();
        Either<EventEnvelope, DeadLetter> out = down.decode(Events.record(value));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(out.isRight()).isTrue();
        DeadLetter dl = out.right();
        assertThat(dl.getStage()).isEqualTo("deserialize");
        assertThat(dl.getReason()).isEqualTo("registry-unavailable");
        Events.assertSource(dl, value);
        assertThat(dl.getMessage()).startsWith("schema registry unavailable after 3 attempt(s): cannot look up schema 1 at http://127.0.0.1:");
        assertThat(dl.getExceptionClass()).isEqualTo(RegistryUnavailableException.class.getName());
        assertThat(elapsedMs).as("two backoffs: 20 ms + 40 ms").isGreaterThanOrEqualTo(60).isLessThan(5_000);

        assertThat(down.decode(Events.record(json(Events.DESIGN_JSON))).isLeft()).isTrue();
    }

    @Test
    void deserializeEmitsExactlyOneElementPerRecord() throws Exception {
        List<Either<EventEnvelope, DeadLetter>> out = new ArrayList<>();
        Collector<Either<EventEnvelope, DeadLetter>> collector = new Collector<>() {
            @Override public void collect(Either<EventEnvelope, DeadLetter> record) { out.add(record); }
            @Override public void close() {}
        };
        deserializer.deserialize(Events.record(json(Events.DESIGN_JSON)), collector);
        deserializer.deserialize(Events.record(new byte[] {7}), collector);
        deserializer.deserialize(Events.record((byte[]) null), collector);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).isLeft()).isTrue();
        assertThat(out.get(1).right().getReason()).isEqualTo("malformed");
        assertThat(out.get(2).right().getReason()).isEqualTo("malformed");
    }

    @Test
    void producesAvroTypesOnBothSides() {
        assertThat(deserializer.getProducedType()).isInstanceOf(EitherTypeInfo.class);
        EitherTypeInfo<EventEnvelope, DeadLetter> type = (EitherTypeInfo<EventEnvelope, DeadLetter>) deserializer.getProducedType();
        assertThat(type.getLeftType()).isEqualTo(new AvroTypeInfo<>(EventEnvelope.class));
        assertThat(type.getRightType()).isEqualTo(new AvroTypeInfo<>(DeadLetter.class));
    }

    @Test
    void survivesJavaSerializationBeforeAndAfterUse() throws Exception {
        EnvelopeRecordDeserializer<EventEnvelope> beforeUse = Events.roundTrip(deserializer);
        assertThat(beforeUse).isEqualTo(deserializer);
        byte[] value = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        assertThat(beforeUse.decode(Events.record(value)).left()).isEqualTo(Events.orderPlaced("evt-1", 1));

        assertThat(deserializer.decode(Events.record(value)).isLeft()).isTrue();
        EnvelopeRecordDeserializer<EventEnvelope> afterUse = Events.roundTrip(deserializer);
        assertThat(afterUse.decode(Events.record(value)).left()).isEqualTo(Events.orderPlaced("evt-1", 1));
        assertThat(afterUse.decode(Events.record(json(Events.DESIGN_JSON))).isLeft()).isTrue();

        EnvelopeRecordSerializer<EventEnvelope> serializerAfterUse = Events.roundTrip(serializer);
        assertThat(serializerAfterUse.serializeValue(Events.orderPlaced("evt-1", 1))).isEqualTo(value);
    }

    @Test
    void splitterRoutesDeadLettersToTheSideOutput() throws Exception {
        OneInputStreamOperatorTestHarness<Either<EventEnvelope, DeadLetter>, EventEnvelope> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new EventOrDeadLetterSplitter());
        Either<EventEnvelope, DeadLetter> good = decode(serializer.serializeValue(Events.orderPlaced("evt-1", 1)));
        Either<EventEnvelope, DeadLetter> bad = decode(new byte[] {5, 5});
        harness.processElement(good, 10L);
        harness.processElement(bad, 11L);

        assertThat(harness.extractOutputValues()).containsExactly(Events.orderPlaced("evt-1", 1));
        assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
        assertThat(harness.getSideOutput(DeadLetters.TAG).poll().getValue()).isEqualTo(bad.right());
        harness.close();
    }
}
