package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.FakeRegistry;
import io.eventline.common.serde.SerdeTestConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PaymentAuthorized;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.3: a reader that tolerates what it does not need. PaymentAuthorized's currency is optional since
 * EventEnvelope v3 (the order's currency applies); a JSON producer that leaves it out, one that adds fields we do
 * not know, and an Avro producer still on the v2 schema all decode, through the job's deserializer, to exactly the
 * expected event. Scripted registry: id 1 is the current (v3) envelope, id 2 the published v2.
 */
class TolerantReaderTest {

    private static final Instant AT = Instant.parse("2025-06-28T10:00:00Z");
    private static final String WITHOUT_CURRENCY = "{\"eventType\": \"PaymentAuthorized\", \"eventId\": \"evt-pay\", "
            + "\"aggregateType\": \"Order\", \"aggregateId\": \"ord-1\", \"sequenceNumber\": 2, "
            + "\"timestamp\": \"2025-06-28T10:00:00Z\", \"version\": \"1.0\", "
            + "\"payload\": {\"orderId\": \"ord-1\", \"paymentId\": \"pay-1\", \"amount\": 99.98}}";

    private FakeRegistry registry;
    private EnvelopeRecordDeserializer<EventEnvelope> deserializer;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry(r -> {
            if (r.method().equals("POST")) {
                return new FakeRegistry.Response(200, "{\"id\":1}");
            }
            if (r.path().endsWith("/schemas/ids/1")) {
                return new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(EventEnvelope.getClassSchema()));
            }
            if (r.path().endsWith("/schemas/ids/2")) {
                return new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(OrderEnvelopeCodec.PUBLISHED_V2));
            }
            return new FakeRegistry.Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        });
        deserializer = OrderEnvelopes.deserializer(SerdeTestConfig.fast(registry.url()), "tolerant-test");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    static EventEnvelope payment(String currency) {
        return EventEnvelope.newBuilder().setEventId("evt-pay").setEventType("PaymentAuthorized")
                .setAggregateType("Order").setAggregateId("ord-1").setSequenceNumber(2L).setTimestamp(AT)
                .setVersion("1.0").setPayload(new PaymentAuthorized("ord-1", "pay-1", new BigDecimal("99.98"), currency))
                .build();
    }

    private EventEnvelope decoded(byte[] value) throws Exception {
        Either<EventEnvelope, DeadLetter> result = deserializer.decode(Events.record(value));
        assertThat(result.isLeft()).as(() -> "dead-lettered: " + result.right()).isTrue();
        return result.left();
    }

    @Test
    void jsonPaymentWithoutCurrencyDecodesWithNone() throws Exception {
        assertThat(decoded(WITHOUT_CURRENCY.getBytes(StandardCharsets.UTF_8))).isEqualTo(payment(null));
    }

    @Test
    void jsonWithUnknownFieldsDecodesAsWithout() throws Exception {
        String extra = WITHOUT_CURRENCY
                .replace("\"version\": \"1.0\",", "\"version\": \"1.0\", \"tenant\": \"eu-1\", \"trace\": {\"id\": 7},")
                .replace("\"amount\": 99.98}", "\"amount\": 99.98, \"method\": \"card\", \"currency\": \"EUR\"}");
        assertThat(decoded(extra.getBytes(StandardCharsets.UTF_8))).isEqualTo(payment("EUR"));
    }

    @Test
    void avroWrittenWithTheV2SchemaDecodesWithItsCurrency() throws Exception {
        assertThat(decoded(v2WireFormat(2))).isEqualTo(payment("USD"));
    }

    @Test
    void avroV3WithoutCurrencyRoundTrips() throws Exception {
        EnvelopeRecordSerializer<EventEnvelope> serializer =
                OrderEnvelopes.serializer(SerdeTestConfig.fast(registry.url()), "orders");
        assertThat(decoded(serializer.serializeValue(payment(null)))).isEqualTo(payment(null));
        assertThat(decoded(serializer.serializeValue(payment("USD")))).isEqualTo(payment("USD"));
    }

    /** The event as a producer on the published v2 schema writes it: generic records, no v3 class involved. */
    private static byte[] v2WireFormat(int schemaId) throws Exception {
        Schema v2 = OrderEnvelopeCodec.PUBLISHED_V2;
        Schema paymentSchema = v2.getField("payload").schema().getTypes().stream()
                .filter(s -> s.getName().equals("PaymentAuthorized")).findFirst().orElseThrow();
        Schema amountSchema = paymentSchema.getField("amount").schema();
        GenericData.Record payment = new GenericData.Record(paymentSchema);
        payment.put("orderId", "ord-1");
        payment.put("paymentId", "pay-1");
        payment.put("amount", new Conversions.DecimalConversion().toBytes(new BigDecimal("99.98"), amountSchema,
                LogicalTypes.decimal(18, 2)));
        payment.put("currency", "USD");
        GenericData.Record envelope = new GenericData.Record(v2);
        envelope.put("eventId", "evt-pay");
        envelope.put("eventType", "PaymentAuthorized");
        envelope.put("aggregateType", "Order");
        envelope.put("aggregateId", "ord-1");
        envelope.put("sequenceNumber", 2L);
        envelope.put("timestamp", AT.toEpochMilli());
        envelope.put("version", "1.0");
        envelope.put("payload", payment);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, (byte) schemaId});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(v2).write(envelope, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
