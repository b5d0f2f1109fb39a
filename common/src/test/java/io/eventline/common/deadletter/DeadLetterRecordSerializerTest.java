package io.eventline.common.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import io.eventline.deadletter.DeadLetterCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterRecordSerializerTest {

    private final DeadLetterRecordSerializer serializer = new DeadLetterRecordSerializer(new DeadLetterEncoder(
            DeadLetterEncoding.singleObject(), "eventline.dlq", 1024, DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES));

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
        // stamped by the producer when written: retention counts from then, not from the event's old log time
        assertThat(record.timestamp()).isNull();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        String id = DeadLetterCodec.id(dead);
        assertThat(headers).containsExactly(
                Map.entry("dlq-id", id),
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
                Map.entry("dlq-failed-at", "2025-06-28T10:00:00Z"),
                Map.entry("dlq-encoding", "avro-single-object"));

        DeadLetter decoded = DeadLetterCodec.decode(record.value(), headers.get("dlq-encoding"), null);
        assertThat(decoded).isEqualTo(DeadLetter.newBuilder(dead).setId(id).setValueSize(3)
                .setValueSha256(DeadLetterCodec.sha256Hex(new byte[] {1, 2, 3})).build());
        assertThat(dead.getId()).isNull(); // the element handed in is not changed
    }

    @Test
    void withASchemaIdFromStartTheValueIsConfluentFramedAndHasNoEncodingHeader() throws Exception {
        DeadLetterRecordSerializer confluent = new DeadLetterRecordSerializer(new DeadLetterEncoder(
                DeadLetterEncoding.registered(7), "eventline.dlq", 1024, DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES));
        ProducerRecord<byte[], byte[]> record = confluent.serialize(letter().build(), null, null);
        assertThat(record.value()).startsWith(0, 0, 0, 0, 7);
        assertThat(record.headers().lastHeader("dlq-encoding")).isNull();
        assertThat(DeadLetterCodec.decode(record.value(), null, id -> DeadLetter.getClassSchema()).getReason())
                .isEqualTo("gap-timeout");
    }

    @Test
    void aValueOverTheCapIsOmittedKeepingItsSizeHashAndCoordinates() throws Exception {
        byte[] big = new byte[1024 * 1024 + 10]; // over Kafka's default 1 MiB limit on its own
        big[7] = 42;
        DeadLetter dead = DeadLetters.withException(letter().setValue(ByteBuffer.wrap(big)),
                new IllegalStateException("x")).build();
        ProducerRecord<byte[], byte[]> record = serializer.serialize(dead, null, null);
        assertThat(record.value().length).isLessThan(8 * 1024);
        assertThat(new String(record.headers().lastHeader("dlq-value-omitted").value(), StandardCharsets.UTF_8))
                .isEqualTo("true");
        DeadLetter decoded = DeadLetterCodec.decode(record.value(), DeadLetterCodec.SINGLE_OBJECT, null);
        assertThat(decoded.getValue()).isNull();
        assertThat(decoded.getValueOmitted()).isTrue();
        assertThat(decoded.getValueSize()).isEqualTo(big.length);
        assertThat(decoded.getValueSha256()).isEqualTo(DeadLetterCodec.sha256Hex(big));
        assertThat(decoded.getSourceTopic()).isEqualTo("orders");
        assertThat(decoded.getPartition()).isEqualTo(2);
        assertThat(decoded.getOffset()).isEqualTo(41L);
        assertThat(decoded.getStackTrace()).startsWith("java.lang.IllegalStateException: x");
        assertThat(serializer.cappedCount()).isEqualTo(1);
        assertThat(serializer.droppedCount()).isZero();
    }

    @Test
    void recordHeadersThatWouldPushTheRecordOverTheLimitAreDroppedNotTheDeadLetter() throws Exception {
        java.util.List<io.eventline.deadletter.RecordHeader> copied = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            copied.add(new io.eventline.deadletter.RecordHeader("h" + i, ByteBuffer.wrap(new byte[30_000])));
        }
        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter().setHeaders(copied).build(), null, null);
        assertThat(DeadLetterEncoder.size(record)).isLessThanOrEqualTo(DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES);
        DeadLetter decoded = DeadLetterCodec.decode(record.value(), DeadLetterCodec.SINGLE_OBJECT, null);
        assertThat(decoded.getHeaders()).isEmpty();
        assertThat(decoded.getEventId()).isEqualTo("evt-1");
        assertThat(serializer.cappedCount()).isEqualTo(1);
    }

    @Test
    void aDeadLetterThatCannotBeEncodedIsCountedAndSkippedNotThrown() {
        DeadLetter broken = letter().build();
        broken.setStage(null); // a required field: Avro refuses to encode it
        assertThat(serializer.serialize(broken, null, null)).isNull();
        assertThat(serializer.droppedCount()).isEqualTo(1);
    }

    @Test
    void unknownSourceGoesToTheFallbackTopicWithoutKey() {
        ProducerRecord<byte[], byte[]> record =
                serializer.serialize(letter().setSourceTopic(null).setAggregateId(null).build(), null, null);
        assertThat(record.topic()).isEqualTo("eventline.dlq");
        assertThat(record.key()).isNull();
    }
}
