package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.ReplayHeaders;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The deserializer turns the replay headers of a republished record into the envelope's replay field. */
class EnvelopeReplayHeadersTest {

    private static final String JSON = "{\"eventType\": \"OrderDelivered\", \"eventId\": \"evt-1\", "
            + "\"aggregateType\": \"Order\", \"aggregateId\": \"ord-1\", \"sequenceNumber\": 3, "
            + "\"timestamp\": \"2025-06-28T10:00:00Z\", \"version\": \"1.0\", \"payload\": {\"orderId\": \"ord-1\"}}";

    private final EnvelopeRecordDeserializer<EventEnvelope> deserializer =
            OrderEnvelopes.deserializer(RegistryConfig.of("http://127.0.0.1:1"), "test-job");

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("orders", 0, 5L, 0L, TimestampType.CREATE_TIME, 0, value.length, null, value,
                headers, Optional.empty());
    }

    private static RecordHeaders replayHeaders(String stage, String attempt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplayHeaders.REPLAY_OF, "orders.dlq:1:42".getBytes(StandardCharsets.UTF_8));
        headers.add(ReplayHeaders.REPLAY_STAGE, stage.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplayHeaders.REPLAY_REASON, "unknown-aggregate".getBytes(StandardCharsets.UTF_8));
        headers.add(ReplayHeaders.ATTEMPT, attempt.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void aRecordWithReplayHeadersDecodesToAnEventMarkedAsReplay() throws Exception {
        Either<EventEnvelope, DeadLetter> result =
                deserializer.decode(record(JSON.getBytes(StandardCharsets.UTF_8), replayHeaders("project", "2")));
        assertThat(result.isLeft()).isTrue();
        assertThat(result.left().getReplay()).isEqualTo(new ReplayInfo("orders.dlq:1:42", "project", "unknown-aggregate", 2));
    }

    @Test
    void aFirstDeliveryHasNoReplayAndHalfAHeaderSetIsNoReplay() throws Exception {
        assertThat(deserializer.decode(record(JSON.getBytes(StandardCharsets.UTF_8), new RecordHeaders()))
                .left().getReplay()).isNull();
        RecordHeaders onlyOf = new RecordHeaders();
        onlyOf.add(ReplayHeaders.REPLAY_OF, "orders.dlq:1:42".getBytes(StandardCharsets.UTF_8));
        assertThat(deserializer.decode(record(JSON.getBytes(StandardCharsets.UTF_8), onlyOf)).left().getReplay())
                .isNull();
    }

    @Test
    void aReplayedRecordThatFailsAgainCarriesItsAttempt() throws Exception {
        Either<EventEnvelope, DeadLetter> result =
                deserializer.decode(record("garbage".getBytes(StandardCharsets.UTF_8), replayHeaders("deserialize", "3")));
        assertThat(result.isRight()).isTrue();
        assertThat(result.right().getReason()).isEqualTo(EnvelopeRecordDeserializer.MALFORMED);
        assertThat(result.right().getAttempt()).isEqualTo(3);
        assertThat(deserializer.decode(record("garbage".getBytes(StandardCharsets.UTF_8), new RecordHeaders()))
                .right().getAttempt()).isEqualTo(1);
    }
}
