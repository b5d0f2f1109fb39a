package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.common.serde.AvroJsonDecoder;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.InvalidEnvelopeException;
import io.eventline.common.serde.MalformedRecordException;
import io.eventline.events.CustomerUpdated;
import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderPlaced;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON envelope decoded into the Avro EventEnvelope: exact values, strict types, exact money. */
class OrderEnvelopeJsonTest {

    private final OrderEnvelopeCodec decoder = new OrderEnvelopeCodec();

    private EventEnvelope decode(String json) throws Exception {
        return decoder.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String withItemsAndTotal(String unitPrice, String total) {
        return Events.DESIGN_JSON.replace("\"unitPrice\": 49.99", "\"unitPrice\": " + unitPrice)
                .replace("\"total\": 99.98", "\"total\": " + total);
    }

    @Test
    void decodesTheDesignExampleExactly() throws Exception {
        EventEnvelope e = decode(Events.DESIGN_JSON);

        assertThat(e.getEventId()).isEqualTo("evt-a1b2c3d4");
        assertThat(e.getEventType()).isEqualTo("OrderPlaced");
        assertThat(e.getAggregateType()).isEqualTo("Order");
        assertThat(e.getAggregateId()).isEqualTo("ord-456");
        assertThat(e.getSequenceNumber()).isEqualTo(1L);
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2025-06-28T10:00:00Z"));
        assertThat(e.getVersion()).isEqualTo("1.0");
        assertThat(e.getCorrelationId()).isNull();
        assertThat(e.getCausationId()).isNull();
        OrderPlaced p = (OrderPlaced) e.getPayload();
        assertThat(p.getOrderId()).isEqualTo("ord-456");
        assertThat(p.getCustomerId()).isEqualTo("cust-789");
        assertThat(p.getItems()).hasSize(1);
        assertThat(p.getItems().get(0).getSku()).isEqualTo("WIDGET-01");
        assertThat(p.getItems().get(0).getQuantity()).isEqualTo(2);
        assertThat(p.getItems().get(0).getUnitPrice()).isEqualTo(new BigDecimal("49.99"));
        assertThat(p.getTotal()).isEqualTo(new BigDecimal("99.98"));
        assertThat(p.getTotal().scale()).isEqualTo(2);
        assertThat(p.getCurrency()).isEqualTo("USD");
    }

    @Test
    void decodesToTheSameEnvelopeAsTheAvroBuilder() throws Exception {
        String json = Events.DESIGN_JSON.replace("\"evt-a1b2c3d4\"", "\"evt-1\"")
                .replace("\"version\": \"1.0\",", "\"version\": \"1.0\", \"correlationId\": \"corr-1\",");
        assertThat(decode(json)).isEqualTo(Events.orderPlaced("evt-1", 1));
    }

    @Test
    void setsDecimalsToScaleTwoWithoutRounding() throws Exception {
        OrderPlaced p = (OrderPlaced) decode(withItemsAndTotal("49.9", "100")).getPayload();
        assertThat(p.getItems().get(0).getUnitPrice()).isEqualTo(new BigDecimal("49.90"));
        assertThat(p.getTotal()).isEqualTo(new BigDecimal("100.00"));

        OrderPlaced q = (OrderPlaced) decode(withItemsAndTotal("1E+1", "100.000")).getPayload();
        assertThat(q.getItems().get(0).getUnitPrice()).isEqualTo(new BigDecimal("10.00"));
        assertThat(q.getTotal()).isEqualTo(new BigDecimal("100.00"));

        OrderPlaced big = (OrderPlaced) decode(withItemsAndTotal("0.01", "9999999999999999.99")).getPayload();
        assertThat(big.getTotal()).isEqualTo(new BigDecimal("9999999999999999.99"));
    }

    @Test
    void rejectsMoneyThatWouldNeedRounding() {
        assertThatThrownBy(() -> decode(withItemsAndTotal("49.999", "99.98")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.payload.items[0].unitPrice: decimal 49.999 has more than 2 fraction digits; refusing to round money");
        assertThatThrownBy(() -> decode(withItemsAndTotal("49.99", "0.1000000000000000055511151231257827")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.payload.total: decimal 0.1000000000000000055511151231257827 has more than 2 fraction digits; refusing to round money");
    }

    @Test
    void rejectsMoneyBeyondThePrecision() {
        assertThatThrownBy(() -> decode(withItemsAndTotal("49.99", "10000000000000000.00")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.payload.total: decimal 10000000000000000.00 exceeds precision 18");
    }

    @Test
    void rejectsMoneyAsString() {
        assertThatThrownBy(() -> decode(withItemsAndTotal("49.99", "\"99.98\"")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.payload.total: expected a JSON number (decimal, scale 2), found string \"99.98\"");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() throws Exception {
        EventEnvelope e = decode("{\"eventType\":\"CustomerUpdated\",\"eventId\":\"evt-c1\",\"aggregateType\":\"Customer\","
                + "\"aggregateId\":\"cust-789\",\"timestamp\":\"2025-06-28T10:00:00.123456Z\",\"version\":\"1.0\","
                + "\"causationId\":null,\"extra\":{\"nested\":[1,2]},"
                + "\"payload\":{\"customerId\":\"cust-789\",\"email\":\"a@example.org\",\"name\":null,\"future\":true}}");
        assertThat(e.getSequenceNumber()).isNull();
        assertThat(e.getCausationId()).isNull();
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2025-06-28T10:00:00.123Z"));
        CustomerUpdated p = (CustomerUpdated) e.getPayload();
        assertThat(p.getCustomerId()).isEqualTo("cust-789");
        assertThat(p.getEmail()).isEqualTo("a@example.org");
        assertThat(p.getName()).isNull();
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"aggregateId\": \"ord-456\",", "")))
                .isInstanceOf(AvroJsonDecoder.MalformedJsonException.class)
                .hasMessage("$.aggregateId: missing, expected string");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"currency\": \"USD\"", "\"currency\": null")))
                .hasMessage("$.payload.currency: missing, expected string");
        assertThatThrownBy(() -> decode("{\"eventType\":\"OrderPlaced\",\"eventId\":\"e\",\"aggregateType\":\"Order\","
                + "\"aggregateId\":\"o\",\"timestamp\":\"2025-06-28T10:00:00Z\",\"version\":\"1.0\"}"))
                .hasMessage("$.payload: missing, expected OrderPlaced|PaymentAuthorized|PaymentFailed|OrderShipped|"
                        + "OrderDelivered|OrderCancelled|CustomerRegistered|CustomerUpdated|EventApplied|"
                        + "PartitionHeartbeat|SourceStalled|SourceResumed");
    }

    @Test
    void rejectsMistypedFields() {
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"quantity\": 2", "\"quantity\": \"2\"")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.payload.items[0].quantity: expected an integer (32 bit), found string \"2\"");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"quantity\": 2", "\"quantity\": 2.5")))
                .hasMessage("$.payload.items[0].quantity: expected an integer (32 bit), found number 2.5");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"sequenceNumber\": 1", "\"sequenceNumber\": \"1\"")))
                .hasMessage("$.sequenceNumber: expected an integer (64 bit), found string \"1\"");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"eventId\": \"evt-a1b2c3d4\"", "\"eventId\": 17")))
                .hasMessage("$.eventId: expected a string, found number 17");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"2025-06-28T10:00:00Z\"", "1751104800000")))
                .hasMessage("$.timestamp: expected an ISO-8601 UTC timestamp string, found number 1751104800000");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"2025-06-28T10:00:00Z\"", "\"28/06/2025\"")))
                .hasMessage("$.timestamp: not an ISO-8601 UTC timestamp: \"28/06/2025\"");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"items\": [", "\"items\": {\"x\": [").replace("}],", "}]},")))
                .hasMessage("$.payload.items: expected an array, found object {\"x\":[{\"sku\":\"WIDGET-01\",\"quantity\":2,\"unitPrice\":49.99}]}");
    }

    @Test
    void rejectsNonObjectsTrailingContentAndDuplicateKeys() {
        assertThatThrownBy(() -> decode("[1,2]"))
                .isInstanceOf(MalformedRecordException.class).hasMessage("JSON envelope must be an object");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON + " {}"))
                .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON: Trailing token");
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"version\": \"1.0\",", "\"version\": \"1.0\", \"version\": \"2.0\",")))
                .isInstanceOf(MalformedRecordException.class).hasMessage("not valid JSON: Duplicate field 'version'");
        assertThatThrownBy(() -> decode("{\"eventId\": "))
                .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON: Unexpected end-of-input");
    }

    @Test
    void unknownEventTypeIsAnInvalidEnvelope() {
        assertThatThrownBy(() -> decode(Events.DESIGN_JSON.replace("\"OrderPlaced\"", "\"OrderTeleported\"")))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessage("invalid envelope: eventType OrderTeleported names no payload type; known: [OrderPlaced, "
                        + "PaymentAuthorized, PaymentFailed, OrderShipped, OrderDelivered, OrderCancelled, "
                        + "CustomerRegistered, CustomerUpdated, EventApplied, PartitionHeartbeat, SourceStalled, SourceResumed]")
                .satisfies(e -> {
                    InvalidEnvelopeException i = (InvalidEnvelopeException) e;
                    assertThat(i.eventId()).isEqualTo("evt-a1b2c3d4");
                    assertThat(i.eventType()).isEqualTo("OrderTeleported");
                    assertThat(i.aggregateId()).isEqualTo("ord-456");
                    assertThat(i.sequenceNumber()).isEqualTo(1L);
                });
    }

    @Test
    void survivesJavaSerializationAfterUse() throws Exception {
        decode(Events.DESIGN_JSON);
        OrderEnvelopeCodec copy = Events.roundTrip(decoder);
        assertThat(copy.fromJson(Events.DESIGN_JSON.getBytes(StandardCharsets.UTF_8))).isEqualTo(decode(Events.DESIGN_JSON));
    }
}
