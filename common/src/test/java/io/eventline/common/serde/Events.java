package io.eventline.common.serde;

import io.eventline.deadletter.DeadLetter;
import io.eventline.events.CustomerUpdated;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentFailed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Sample events, records and helpers shared by the serde tests. */
public final class Events {

    public static final String TOPIC = "orders";
    public static final int PARTITION = 3;
    public static final long OFFSET = 42L;
    public static final long RECORD_TIMESTAMP = 1_751_104_800_123L;
    public static final byte[] KEY = "ord-456".getBytes(StandardCharsets.UTF_8);
    public static final Instant OCCURRED = Instant.parse("2025-06-28T10:00:00Z");

    /** The example of DESIGN.md "Event envelope", verbatim. */
    public static final String DESIGN_JSON = "{\"eventType\": \"OrderPlaced\", \"eventId\": \"evt-a1b2c3d4\", \"aggregateType\": \"Order\", \"aggregateId\": \"ord-456\",\n"
            + " \"sequenceNumber\": 1, \"timestamp\": \"2025-06-28T10:00:00Z\", \"version\": \"1.0\",\n"
            + " \"payload\": {\"orderId\": \"ord-456\", \"customerId\": \"cust-789\", \"items\": [{\"sku\": \"WIDGET-01\", \"quantity\": 2, \"unitPrice\": 49.99}],\n"
            + "             \"total\": 99.98, \"currency\": \"USD\"}}";

    private Events() {}

    public static EventEnvelope orderPlaced(String eventId, long seq) {
        return EventEnvelope.newBuilder()
                .setEventId(eventId)
                .setEventType("OrderPlaced")
                .setAggregateType("Order")
                .setAggregateId("ord-456")
                .setSequenceNumber(seq)
                .setTimestamp(OCCURRED)
                .setVersion("1.0")
                .setCorrelationId("corr-1")
                .setPayload(OrderPlaced.newBuilder()
                        .setOrderId("ord-456")
                        .setCustomerId("cust-789")
                        .setItems(List.of(LineItem.newBuilder().setSku("WIDGET-01").setQuantity(2)
                                .setUnitPrice(new BigDecimal("49.99")).build()))
                        .setTotal(new BigDecimal("99.98"))
                        .setCurrency("USD")
                        .build())
                .build();
    }

    public static EventEnvelope paymentFailed(String eventId, Long seq, String reason) {
        return EventEnvelope.newBuilder()
                .setEventId(eventId)
                .setEventType("PaymentFailed")
                .setAggregateType("Order")
                .setAggregateId("ord-456")
                .setSequenceNumber(seq)
                .setTimestamp(OCCURRED)
                .setVersion("1.0")
                .setPayload(PaymentFailed.newBuilder().setOrderId("ord-456").setReason(reason).build())
                .build();
    }

    public static EventEnvelope customerUpdated(String eventId) {
        return EventEnvelope.newBuilder()
                .setEventId(eventId)
                .setEventType("CustomerUpdated")
                .setAggregateType("Customer")
                .setAggregateId("cust-789")
                .setSequenceNumber(null)
                .setTimestamp(OCCURRED)
                .setVersion("1.0")
                .setPayload(CustomerUpdated.newBuilder().setCustomerId("cust-789").setEmail("a@example.org").build())
                .build();
    }

    public static EventEnvelope shippedWithWrongPayload() {
        EventEnvelope e = orderPlaced("evt-mismatch", 2);
        e.setEventType("OrderShipped");
        return e;
    }

    public static OrderShipped shipped() {
        return OrderShipped.newBuilder().setOrderId("ord-456").setCarrier("DHL").setTrackingNumber("T1").build();
    }

    public static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        return new ConsumerRecord<>(TOPIC, PARTITION, OFFSET, RECORD_TIMESTAMP, TimestampType.CREATE_TIME,
                KEY.length, value == null ? -1 : value.length, KEY, value, headers, Optional.empty());
    }

    public static ConsumerRecord<byte[], byte[]> record(String json) {
        return record(json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** The fields every deserializer dead letter carries about its source record. */
    public static void assertSource(DeadLetter dl, byte[] value) {
        org.assertj.core.api.Assertions.assertThat(dl.getSourceTopic()).isEqualTo(TOPIC);
        org.assertj.core.api.Assertions.assertThat(dl.getPartition()).isEqualTo(PARTITION);
        org.assertj.core.api.Assertions.assertThat(dl.getOffset()).isEqualTo(OFFSET);
        org.assertj.core.api.Assertions.assertThat(dl.getRecordTimestamp()).isEqualTo(Instant.ofEpochMilli(RECORD_TIMESTAMP));
        org.assertj.core.api.Assertions.assertThat(bytes(dl.getKey())).isEqualTo(KEY);
        org.assertj.core.api.Assertions.assertThat(bytes(dl.getValue())).isEqualTo(value);
        org.assertj.core.api.Assertions.assertThat(dl.getHeaders()).hasSize(2);
        org.assertj.core.api.Assertions.assertThat(dl.getHeaders().get(0).getKey()).isEqualTo("trace-id");
        org.assertj.core.api.Assertions.assertThat(bytes(dl.getHeaders().get(0).getValue()))
                .isEqualTo("t-1".getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(dl.getHeaders().get(1).getKey()).isEqualTo("empty");
        org.assertj.core.api.Assertions.assertThat(dl.getHeaders().get(1).getValue()).isNull();
        org.assertj.core.api.Assertions.assertThat(dl.getAttempt()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(dl.getJobName()).isEqualTo("serde-test");
        org.assertj.core.api.Assertions.assertThat(dl.getFailedAt()).isNotNull();
    }
}
