package io.eventline.brokers.eventbridge;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.ReplayHeaders;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads every record as an EventBridge envelope ({@link EventBridgeMapping}) and hands the mapped project envelope
 * to the usual never-throwing deserializer. A record that is no usable EventBridge envelope becomes a dead letter
 * at stage {@code deserialize}, reason {@value #INVALID}, with the field named in its message; dead letters of
 * mapped records keep the original EventBridge bytes as their value (header {@code eventbridge-mapped: true}).
 */
public final class EventBridgeDeserializer<T> implements KafkaRecordDeserializationSchema<Either<T, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    public static final String INVALID = "invalid-eventbridge-envelope";

    private final KafkaRecordDeserializationSchema<Either<T, DeadLetter>> envelopes;
    private final String jobName;

    public EventBridgeDeserializer(KafkaRecordDeserializationSchema<Either<T, DeadLetter>> envelopes, String jobName) {
        this.envelopes = envelopes;
        this.jobName = jobName == null ? "" : jobName;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        envelopes.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<T, DeadLetter>> out)
            throws IOException {
        EventBridgeMapping.Mapped mapped;
        try {
            mapped = EventBridgeMapping.toEnvelope(record.value());
        } catch (InvalidEventBridgeEnvelopeException e) {
            out.collect(Either.Right(deadLetter(record, e)));
            return;
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        for (Map.Entry<String, String> h : mapped.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<byte[], byte[]> envelope = new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.timestamp(), record.timestampType(), record.serializedKeySize(),
                mapped.envelopeJson().length, record.key(), mapped.envelopeJson(), headers, Optional.empty());
        envelopes.deserialize(envelope, new Collector<>() {
            @Override
            public void collect(Either<T, DeadLetter> result) {
                if (result.isRight()) {
                    // the dead letter keeps what was received, not our mapping of it
                    DeadLetter letter = result.right();
                    letter.setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()));
                    letter.getHeaders().add(new io.eventline.deadletter.RecordHeader("eventbridge-mapped",
                            ByteBuffer.wrap("true".getBytes(StandardCharsets.UTF_8))));
                }
                out.collect(result);
            }

            @Override
            public void close() {}
        });
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, InvalidEventBridgeEnvelopeException e) {
        DeadLetter.Builder b = DeadLetters.builder(Stage.DESERIALIZE, INVALID, e.getMessage(), jobName)
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRecordTimestamp(record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaders(DeadLetters.headers(record.headers()))
                .setAttempt(ReplayHeaders.attempt(record.headers()));
        DeadLetters.withException(b, e);
        return b.build();
    }

    @Override
    public TypeInformation<Either<T, DeadLetter>> getProducedType() {
        return envelopes.getProducedType();
    }
}
