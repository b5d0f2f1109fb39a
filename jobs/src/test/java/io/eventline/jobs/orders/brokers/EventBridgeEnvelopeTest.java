package io.eventline.jobs.orders.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.brokers.eventbridge.EventBridgeDeserializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.events.PaymentAuthorized;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EventBridge envelopes through the job's deserializer ({@code --envelope eventbridge}): decoded exactly into the
 * order envelope (the README's mapping table, field by field), bad ones dead-lettered with a reason that names
 * the field. JSON only, so no registry is contacted.
 */
class EventBridgeEnvelopeTest {

    private final EventBridgeDeserializer<EventEnvelope> deserializer = new EventBridgeDeserializer<>(
            OrderEnvelopes.deserializer(RegistryConfig.of("http://127.0.0.1:9/apis/ccompat/v7"), "eb-test"), "eb-test");

    static final String PLACED = """
            {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "OrderPlaced",
             "source": "com.example.orders", "account": "111122223333", "time": "2025-06-28T10:00:00Z",
             "region": "eu-west-1", "resources": [],
             "detail": {"aggregateType": "Order", "aggregateId": "ord-456", "sequenceNumber": 1, "version": "1.0",
                        "correlationId": "corr-1",
                        "payload": {"orderId": "ord-456", "customerId": "cust-789",
                                    "items": [{"sku": "WIDGET-01", "quantity": 2, "unitPrice": 49.99}],
                                    "total": 99.98, "currency": "USD"}}}
            """;

    @Test
    void anEventBridgeEnvelopeDecodesExactly() throws Exception {
        EventEnvelope e = decode(PLACED).left();
        assertThat(e.getEventId()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        assertThat(e.getEventType()).isEqualTo("OrderPlaced");
        assertThat(e.getAggregateType()).isEqualTo("Order");
        assertThat(e.getAggregateId()).isEqualTo("ord-456");
        assertThat(e.getSequenceNumber()).isEqualTo(1L);
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2025-06-28T10:00:00Z"));
        assertThat(e.getVersion()).isEqualTo("1.0");
        assertThat(e.getCorrelationId()).isEqualTo("corr-1");
        assertThat(e.getCausationId()).isNull();
        OrderPlaced placed = (OrderPlaced) e.getPayload();
        assertThat(placed.getOrderId()).isEqualTo("ord-456");
        assertThat(placed.getCustomerId()).isEqualTo("cust-789");
        assertThat(placed.getItems()).containsExactly(new LineItem("WIDGET-01", 2, new BigDecimal("49.99")));
        assertThat(placed.getTotal()).isEqualTo(new BigDecimal("99.98"));
        assertThat(placed.getCurrency()).isEqualTo("USD");
    }

    @Test
    void withoutAPayloadFieldTheDetailIsThePayloadAndTheSourceTheAggregateType() throws Exception {
        EventEnvelope e = decode("""
                {"id": "eb-2", "detail-type": "PaymentAuthorized", "source": "Order", "time": "2025-06-28T10:05:00.123Z",
                 "detail": {"aggregateId": "ord-456", "sequenceNumber": 2, "orderId": "ord-456", "paymentId": "pay-1",
                            "amount": 99.98}}
                """).left();
        assertThat(e.getAggregateType()).isEqualTo("Order");
        assertThat(e.getVersion()).isEqualTo("1.0");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2025-06-28T10:05:00.123Z"));
        assertThat(e.getPayload()).isEqualTo(new PaymentAuthorized("ord-456", "pay-1", new BigDecimal("99.98"), null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all                                             | not JSON",
            "[1, 2]                                                      | not a JSON object",
            "{\"detail-type\": \"OrderPlaced\"}                          | id is missing",
            "{\"id\": \"a\", \"source\": \"s\", \"time\": \"2025-06-28T10:00:00Z\", \"detail\": {}} | detail-type is missing",
            "{\"id\": \"a\", \"detail-type\": \"OrderPlaced\", \"source\": \"s\", \"time\": \"yesterday\", \"detail\": {}} | time is not ISO-8601",
            "{\"id\": \"a\", \"detail-type\": \"OrderPlaced\", \"source\": \"s\", \"time\": \"2025-06-28T10:00:00Z\", \"detail\": \"x\"} | detail is missing or not an object",
            "{\"id\": \"a\", \"detail-type\": \"OrderPlaced\", \"source\": \"s\", \"time\": \"2025-06-28T10:00:00Z\", \"detail\": {\"sequenceNumber\": 1}} | detail.aggregateId is missing",
            "{\"id\": \"a\", \"detail-type\": \"OrderPlaced\", \"source\": \"s\", \"time\": \"2025-06-28T10:00:00Z\", \"detail\": {\"aggregateId\": \"o\", \"sequenceNumber\": \"one\"}} | detail.sequenceNumber is missing or not an integer",
    })
    void aBadEnvelopeIsDeadLetteredWithTheReasonAndTheOriginalBytes(String value, String expectedMessage) throws Exception {
        DeadLetter d = decode(value).right();
        assertThat(d.getStage()).isEqualTo("deserialize");
        assertThat(d.getReason()).isEqualTo(EventBridgeDeserializer.INVALID);
        assertThat(d.getMessage()).startsWith("EventBridge envelope: ").contains(expectedMessage);
        assertThat(StandardCharsets.UTF_8.decode(d.getValue()).toString()).isEqualTo(value);
        assertThat(d.getSourceTopic()).isEqualTo("orders");
        assertThat(d.getOffset()).isEqualTo(7L);
    }

    @Test
    void aMappedEnvelopeWithABadPayloadIsAMalformedDeadLetterKeepingTheEventBridgeBytes() throws Exception {
        String bad = PLACED.replace("\"quantity\": 2", "\"quantity\": \"two\"");
        DeadLetter d = decode(bad).right();
        assertThat(d.getStage()).isEqualTo("deserialize");
        assertThat(d.getReason()).isEqualTo("malformed");
        assertThat(d.getAggregateId()).isEqualTo("ord-456");
        assertThat(d.getSequenceNumber()).isEqualTo(1L);
        assertThat(StandardCharsets.UTF_8.decode(d.getValue()).toString()).isEqualTo(bad);
        assertThat(d.getHeaders()).anySatisfy(h -> assertThat(h.getKey()).isEqualTo("eventbridge-mapped"));
        assertThat(d.getHeaders()).anySatisfy(h -> {
            assertThat(h.getKey()).isEqualTo("eventbridge-source");
            assertThat(StandardCharsets.UTF_8.decode(h.getValue()).toString()).isEqualTo("com.example.orders");
        });
    }

    private Either<EventEnvelope, DeadLetter> decode(String value) throws Exception {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 0, 7L, 1_000L, TimestampType.CREATE_TIME,
                -1, bytes.length, null, bytes, new RecordHeaders(), Optional.empty());
        List<Either<EventEnvelope, DeadLetter>> out = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(Either<EventEnvelope, DeadLetter> r) {
                out.add(r);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
