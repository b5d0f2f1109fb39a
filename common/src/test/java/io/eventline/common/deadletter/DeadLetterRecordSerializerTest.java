package io.eventline.common.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.formats.avro.AvroDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterRecordSerializerTest {

    private final DeadLetterRecordSerializer serializer =
            new DeadLetterRecordSerializer(AvroSerializationSchema.forSpecific(DeadLetter.class), "eventline.dlq");

    private static DeadLetter.Builder letter() {
        return DeadLetters.builder(Stage.ORDER, "gap-timeout", "missing 3..4", "order-projections")
                .setFailedAt(Instant.parse("2025-06-28T10:00:00Z"))
                .setSourceTopic("orders")
                .setPartition(2)
                .setOffset(41L)
                .setEventId("evt-1")
                .setEventType("OrderShipped")
                .setAggregateId("ord-456")
                .setSequenceNumber(5L)
                .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    @Test
    void writesToTheSourceTopicsDlqKeyedByAggregateWithHeaders() throws Exception {
        DeadLetter dead = letter().build();
        ProducerRecord<byte[], byte[]> record = serializer.serialize(dead, null, null);

        assertThat(record.topic()).isEqualTo("orders.dlq");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ord-456");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2025-06-28T10:00:00Z").toEpochMilli());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsExactly(
                Map.entry("dlq-stage", "order"),
                Map.entry("dlq-reason", "gap-timeout"),
                Map.entry("dlq-event-id", "evt-1"),
                Map.entry("dlq-event-type", "OrderShipped"),
                Map.entry("dlq-aggregate-id", "ord-456"),
                Map.entry("dlq-sequence", "5"),
                Map.entry("dlq-source-topic", "orders"),
                Map.entry("dlq-source-partition", "2"),
                Map.entry("dlq-source-offset", "41"),
                Map.entry("dlq-attempt", "1"),
                Map.entry("dlq-job", "order-projections"),
                Map.entry("dlq-failed-at", "2025-06-28T10:00:00Z"));

        DeadLetter decoded = AvroDeserializationSchema.forSpecific(DeadLetter.class).deserialize(record.value());
        assertThat(decoded).isEqualTo(dead);
    }

    @Test
    void unknownSourceGoesToTheFallbackTopicWithoutKey() {
        ProducerRecord<byte[], byte[]> record =
                serializer.serialize(letter().setSourceTopic(null).setAggregateId(null).build(), null, null);
        assertThat(record.topic()).isEqualTo("eventline.dlq");
        assertThat(record.key()).isNull();
    }
}
