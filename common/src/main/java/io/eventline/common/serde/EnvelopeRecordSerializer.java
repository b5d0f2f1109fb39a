package io.eventline.common.serde;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes envelopes to a Kafka topic in the Confluent wire format, registering the envelope schema under
 * {@code <topic>-value} on first use (flink-avro's {@link RegistryAvroSerializationSchema} with a
 * {@link ConfluentSchemaCoder}). The key is the aggregateId (UTF-8), so one aggregate stays in one
 * partition; the record timestamp is the event's occurrence time.
 *
 * <p>Unlike the deserializer this one throws when the registry stays unavailable: a producer has no dead
 * letter queue to fall back on, and failing lets Flink retry from the last checkpoint.
 *
 * @param <E> the envelope class, described by an {@link EnvelopeCodec}
 */
public class EnvelopeRecordSerializer<E extends SpecificRecordBase> implements KafkaRecordSerializationSchema<E> {

    private static final long serialVersionUID = 1L;

    private final EnvelopeCodec<E> codec;
    private final String topic;
    private final RegistryAvroSerializationSchema<E> value;

    public EnvelopeRecordSerializer(EnvelopeCodec<E> codec, RegistryConfig registry, String topic) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.value = valueSerializer(codec.envelopeClass(), registry, topic);
    }

    /** The value serializer alone: Confluent wire format, registering under {@code <topic>-value}. */
    public static <E extends SpecificRecordBase> RegistryAvroSerializationSchema<E> valueSerializer(
            Class<E> envelopeClass, RegistryConfig registry, String topic) {
        return RegistryAvroSerializationSchema.forSpecific(
                envelopeClass, ConfluentSchemaCoderProvider.forTopicValue(registry, topic));
    }

    public String topic() {
        return topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(E event, KafkaSinkContext context, Long timestamp) {
        String aggregateId = codec.aggregateId(event);
        byte[] key = aggregateId == null ? null : aggregateId.getBytes(StandardCharsets.UTF_8);
        Instant occurred = codec.occurredAt(event);
        Long ts = occurred != null ? Long.valueOf(occurred.toEpochMilli()) : timestamp;
        return new ProducerRecord<>(topic, null, ts, key, value.serialize(event));
    }

    /** The wire-format bytes of {@code event}'s value. */
    public byte[] serializeValue(E event) {
        return value.serialize(event);
    }
}
