package io.eventline.common.serde;

import io.eventline.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes events to a Kafka topic in the Confluent wire format, registering the envelope schema under
 * {@code <topic>-value} on first use (flink-avro's {@link RegistryAvroSerializationSchema} with a
 * {@link ConfluentSchemaCoder}). The key is the aggregateId (UTF-8), so one aggregate stays in one
 * partition; the record timestamp is the event's occurrence time.
 *
 * <p>Unlike the deserializer this one throws when the registry stays unavailable: a producer has no dead
 * letter queue to fall back on, and failing lets Flink retry from the last checkpoint.
 */
public class EnvelopeRecordSerializer implements KafkaRecordSerializationSchema<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final RegistryAvroSerializationSchema<EventEnvelope> value;

    public EnvelopeRecordSerializer(RegistryConfig registry, String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.value = valueSerializer(registry, topic);
    }

    /** The value serializer alone: Confluent wire format, registering under {@code <topic>-value}. */
    public static RegistryAvroSerializationSchema<EventEnvelope> valueSerializer(RegistryConfig registry, String topic) {
        return RegistryAvroSerializationSchema.forSpecific(
                EventEnvelope.class, ConfluentSchemaCoderProvider.forTopicValue(registry, topic));
    }

    public String topic() {
        return topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventEnvelope event, KafkaSinkContext context, Long timestamp) {
        byte[] key = event.getAggregateId() == null ? null : event.getAggregateId().getBytes(StandardCharsets.UTF_8);
        Long ts = event.getTimestamp() != null ? Long.valueOf(event.getTimestamp().toEpochMilli()) : timestamp;
        return new ProducerRecord<>(topic, null, ts, key, value.serialize(event));
    }

    /** The wire-format bytes of {@code event}'s value. */
    public byte[] serializeValue(EventEnvelope event) {
        return value.serialize(event);
    }
}
