package io.eventline.brokers.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Decodes broker messages with the very deserializer the Kafka source uses (for the jobs: the never-throwing
 * {@code EnvelopeRecordDeserializer}: Confluent-wire Avro or JSON, validation, dead letters), by presenting each
 * message as a record: topic = the job's logical topic (so every dead letter goes to {@code <topic>.dlq}, as with
 * Kafka), partition = the index of the queue/stream among the source's splits, offset = the broker position, the
 * broker's timestamp, key, value, and the headers with the broker's coordinates (queue/stream, delivery tag or
 * entry id). So every source shares one decode path and its dead letters carry the broker's coordinates.
 */
public final class KafkaShapedDecoder<T> implements BrokerRecordDecoder<T> {

    private static final long serialVersionUID = 1L;

    private final KafkaRecordDeserializationSchema<T> deserializer;
    private final String topic;
    private final List<String> splits;

    /**
     * @param topic the logical topic records are attributed to
     * @param splits the source's queues/streams, in order: a message's partition is the index of its own
     */
    public KafkaShapedDecoder(KafkaRecordDeserializationSchema<T> deserializer, String topic, List<String> splits) {
        this.deserializer = deserializer;
        this.topic = topic;
        this.splits = List.copyOf(splits);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        deserializer.open(context);
    }

    @Override
    public void decode(BrokerMessage message, Collector<T> out) throws java.io.IOException {
        deserializer.deserialize(record(message), out);
    }

    /** The message as a Kafka consumer record. */
    ConsumerRecord<byte[], byte[]> record(BrokerMessage message) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, byte[]> h : message.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue());
        }
        byte[] key = message.key();
        byte[] value = message.value();
        return new ConsumerRecord<>(topic, Math.max(0, splits.indexOf(message.source())), message.position(), message.timestamp(),
                TimestampType.CREATE_TIME, key == null ? -1 : key.length, value == null ? -1 : value.length, key, value,
                headers, Optional.empty());
    }

    @Override
    public TypeInformation<T> producedType() {
        return deserializer.getProducedType();
    }
}
