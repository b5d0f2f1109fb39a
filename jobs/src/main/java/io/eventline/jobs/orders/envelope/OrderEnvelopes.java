package io.eventline.jobs.orders.envelope;

import io.eventline.common.serde.ConfluentSchemaCoderProvider;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;

/** The common serdes bound to the order envelope ({@link OrderEnvelopeCodec}): what jobs, tools and tests use. */
public final class OrderEnvelopes {

    public static final OrderEnvelopeCodec CODEC = new OrderEnvelopeCodec();

    private OrderEnvelopes() {}

    /** Avro type information of the envelope: never Kryo. */
    public static AvroTypeInfo<EventEnvelope> type() {
        return new AvroTypeInfo<>(EventEnvelope.class);
    }

    /** The type of the deserializer's output. */
    public static TypeInformation<Either<EventEnvelope, DeadLetter>> decodedType() {
        return EnvelopeRecordDeserializer.producedType(EventEnvelope.class);
    }

    public static EnvelopeRecordDeserializer<EventEnvelope> deserializer(RegistryConfig registry, String jobName) {
        return new EnvelopeRecordDeserializer<>(CODEC, registry, jobName);
    }

    public static EnvelopeRecordDeserializer<EventEnvelope> deserializer(
            ConfluentSchemaCoderProvider coders, String jobName) {
        return new EnvelopeRecordDeserializer<>(CODEC, coders, jobName);
    }

    public static EnvelopeRecordSerializer<EventEnvelope> serializer(RegistryConfig registry, String topic) {
        return new EnvelopeRecordSerializer<>(CODEC, registry, topic);
    }

    /** The value serializer alone: Confluent wire format, registering under {@code <topic>-value}. */
    public static RegistryAvroSerializationSchema<EventEnvelope> valueSerializer(RegistryConfig registry, String topic) {
        return EnvelopeRecordSerializer.valueSerializer(EventEnvelope.class, registry, topic);
    }
}
