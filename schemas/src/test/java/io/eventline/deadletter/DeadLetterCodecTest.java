package io.eventline.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

    static DeadLetter letter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("orders").setPartition(2).setOffset(41L)
                .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setHeaders(List.of())
                .setStage("deserialize").setReason("malformed").setMessage("bad")
                .setJobName("job").setFailedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @Test
    void singleObjectValuesReadWithoutARegistry() throws Exception {
        DeadLetter letter = letter();
        byte[] bytes = DeadLetterCodec.encodeSingleObject(letter);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(DeadLetterCodec.decode(bytes, DeadLetterCodec.SINGLE_OBJECT, null)).isEqualTo(letter);
    }

    @Test
    void confluentValuesReadWithTheWriterSchemaOfTheirId() throws Exception {
        DeadLetter letter = letter();
        byte[] bytes = DeadLetterCodec.encodeConfluent(letter, 258);
        assertThat(bytes).startsWith(0, 0, 0, 1, 2);
        assertThat(DeadLetterCodec.decode(bytes, null, id -> {
            assertThat(id).isEqualTo(258);
            return DeadLetter.SCHEMA$;
        })).isEqualTo(letter);
        assertThatThrownBy(() -> DeadLetterCodec.decode(bytes, null, null))
                .hasMessage("a Confluent-framed dead letter needs a schema registry to read");
        assertThatThrownBy(() -> DeadLetterCodec.decode(new byte[] {(byte) 0xC3, 1, 0}, "confluent", id -> null))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DeadLetterCodec.decode(bytes, "gzip", null)).hasMessage("unknown dlq-encoding: gzip");
    }

    @Test
    void aV1DeadLetterFromTheRegistryReadsWithTheNewFieldsAtTheirDefaults() throws Exception {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream("/avro-published/DeadLetter/v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("headers", List.of());
        old.put("stage", "order");
        old.put("reason", "gap-timeout");
        old.put("message", "m");
        old.put("attempt", 1);
        old.put("jobName", "j");
        old.put("failedAt", 5L);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, 7});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
        encoder.flush();
        DeadLetter read = DeadLetterCodec.decode(out.toByteArray(), null, id -> v1);
        assertThat(read.getReason()).isEqualTo("gap-timeout");
        assertThat(read.getId()).isNull();
        assertThat(read.getValueOmitted()).isFalse();
    }

    @Test
    void theIdIsDeterministicAndSeparatesStageReasonAndCoordinates() {
        DeadLetter a = letter();
        DeadLetter again = letter();
        again.setFailedAt(Instant.ofEpochMilli(1)); // a duplicate written later: same failure, same id
        again.setMessage("other text");
        assertThat(DeadLetterCodec.id(a)).hasSize(32).matches("[0-9a-f]{32}").isEqualTo(DeadLetterCodec.id(again));

        DeadLetter otherOffset = letter();
        otherOffset.setOffset(42L);
        DeadLetter otherReason = letter();
        otherReason.setReason("unknown-schema");
        assertThat(DeadLetterCodec.id(otherOffset)).isNotEqualTo(DeadLetterCodec.id(a));
        assertThat(DeadLetterCodec.id(otherReason)).isNotEqualTo(DeadLetterCodec.id(a));

        DeadLetter noCoordinates = letter();
        noCoordinates.setSourceTopic(null);
        noCoordinates.setAggregateId("order-1");
        noCoordinates.setSequenceNumber(3L);
        noCoordinates.setEventId("e-3");
        DeadLetter otherAggregate = DeadLetter.newBuilder(noCoordinates).setAggregateId("order-2").build();
        assertThat(DeadLetterCodec.id(noCoordinates)).isNotEqualTo(DeadLetterCodec.id(otherAggregate))
                .isNotEqualTo(DeadLetterCodec.id(a));
        // pinned: readers of other versions must compute the same id
        // sha256 of "source\0orders\0" + "2\0" + "41\0deserialize\0malformed\0", first 16 bytes
        assertThat(DeadLetterCodec.id(a)).isEqualTo("218f8a0c64a79b51aa37a5cb634926ce");
    }
}
