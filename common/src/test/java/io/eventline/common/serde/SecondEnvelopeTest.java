package io.eventline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serdes of {@code common} serve an envelope they were not written for: here the domain-free
 * {@link DeadLetter} record plays a second envelope type (as saga commands or outbox events would), described by a
 * test-only {@link EnvelopeCodec}. Avro through a scripted registry and JSON both decode; its own validation rule
 * and a malformed record become dead letters. Nothing in {@code common} names the type.
 */
class SecondEnvelopeTest {

    /** Everything a domain writes to plug its envelope in. */
    static final class LetterCodec implements EnvelopeCodec<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final AvroJsonDecoder<DeadLetter> json = new AvroJsonDecoder<>(DeadLetter.class, "stage");

        @Override public Class<DeadLetter> envelopeClass() { return DeadLetter.class; }
        @Override public DeadLetter fromJson(byte[] value) throws MalformedRecordException, InvalidEnvelopeException {
            return json.decode(value);
        }
        @Override public List<String> violations(DeadLetter letter) {
            List<String> out = new ArrayList<>();
            if (letter.getEventId() == null) {
                out.add("eventId is missing");
            }
            return out;
        }
        @Override public Instant occurredAt(DeadLetter letter) { return letter.getFailedAt(); }
        @Override public String eventId(DeadLetter letter) { return letter.getEventId(); }
        @Override public String eventType(DeadLetter letter) { return letter.getEventType(); }
        @Override public String aggregateId(DeadLetter letter) { return letter.getAggregateId(); }
        @Override public Long sequenceNumber(DeadLetter letter) { return letter.getSequenceNumber(); }
        @Override public long fingerprint(DeadLetter letter) { return letter.hashCode(); }
        @Override public byte[] encode(DeadLetter letter) { return null; }
        @Override public boolean equals(Object o) { return o instanceof LetterCodec; }
        @Override public int hashCode() { return 1; }
    }

    private FakeRegistry registry;
    private EnvelopeRecordDeserializer<DeadLetter> deserializer;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry(r -> r.method().equals("POST")
                ? new FakeRegistry.Response(200, "{\"id\":1}")
                : r.path().endsWith("/schemas/ids/1")
                        ? new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(DeadLetter.getClassSchema()))
                        : new FakeRegistry.Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        deserializer = new EnvelopeRecordDeserializer<>(new LetterCodec(), SerdeTestConfig.fast(registry.url()), "second");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static DeadLetter letter(String eventId) {
        return DeadLetter.newBuilder().setStage("order").setReason("gap-timeout").setMessage("m").setJobName("saga")
                .setFailedAt(Instant.parse("2025-06-28T10:00:00Z")).setEventId(eventId).setAggregateId("saga-1")
                .setSequenceNumber(4L).build();
    }

    @Test
    void avroOfTheSecondEnvelopeRoundTripsThroughTheRegistry() throws Exception {
        EnvelopeRecordSerializer<DeadLetter> serializer =
                new EnvelopeRecordSerializer<>(new LetterCodec(), SerdeTestConfig.fast(registry.url()), "sagas");
        Either<DeadLetter, DeadLetter> result = deserializer.decode(Events.record(serializer.serializeValue(letter("e-1"))));
        assertThat(result.isLeft()).isTrue();
        assertThat(result.left()).isEqualTo(letter("e-1"));
        assertThat(serializer.serialize(letter("e-1"), null, null).key())
                .isEqualTo("saga-1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonOfTheSecondEnvelopeDecodes() throws Exception {
        String json = "{\"stage\": \"order\", \"reason\": \"gap-timeout\", \"message\": \"m\", \"jobName\": \"saga\", "
                + "\"failedAt\": \"2025-06-28T10:00:00Z\", \"eventId\": \"e-1\", \"aggregateId\": \"saga-1\", "
                + "\"sequenceNumber\": 4}";
        assertThat(deserializer.decode(Events.record(json)).left()).isEqualTo(letter("e-1"));
    }

    @Test
    void theEnvelopesOwnRulesAndMalformedRecordsAreDeadLettered() throws Exception {
        EnvelopeRecordSerializer<DeadLetter> serializer =
                new EnvelopeRecordSerializer<>(new LetterCodec(), SerdeTestConfig.fast(registry.url()), "sagas");
        DeadLetter invalid = deserializer.decode(Events.record(serializer.serializeValue(letter(null)))).right();
        assertThat(invalid.getStage()).isEqualTo("validate");
        assertThat(invalid.getReason()).isEqualTo(EnvelopeRecordDeserializer.INVALID_ENVELOPE);
        assertThat(invalid.getMessage()).isEqualTo("invalid envelope: eventId is missing");
        assertThat(invalid.getAggregateId()).isEqualTo("saga-1");
        assertThat(invalid.getSequenceNumber()).isEqualTo(4L);

        DeadLetter malformed = deserializer.decode(Events.record("{\"stage\": 1}")).right();
        assertThat(malformed.getReason()).isEqualTo(EnvelopeRecordDeserializer.MALFORMED);
        assertThat(malformed.getMessage()).isEqualTo("$.stage: expected a string, found number 1");
    }
}
