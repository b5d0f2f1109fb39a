package io.eventline.common.deadletter;

import io.eventline.contracts.DeadLetterHeaderNames;
import io.eventline.contracts.DeadLetterTopics;
import io.eventline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter to {@code <source-topic>.dlq} (or a fixed fallback topic when the source is unknown), its
 * value encoded by the given Avro serialization schema, with the main fields mirrored in headers so that
 * operators can filter with plain Kafka tools without decoding the value. Keyed by aggregate id so that one
 * aggregate's dead letters stay in order in one partition.
 */
public final class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String DLQ_SUFFIX = DeadLetterTopics.DLQ_SUFFIX;
    public static final String HEADER_PREFIX = DeadLetterHeaderNames.PREFIX;

    private final SerializationSchema<DeadLetter> valueSchema;
    private final String fallbackTopic;

    public DeadLetterRecordSerializer(SerializationSchema<DeadLetter> valueSchema, String fallbackTopic) {
        this.valueSchema = valueSchema;
        this.fallbackTopic = fallbackTopic;
    }

    public static String dlqTopicFor(String sourceTopic) {
        return DeadLetterTopics.dlqTopicFor(sourceTopic);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        String topic = letter.getSourceTopic() == null ? fallbackTopic : dlqTopicFor(letter.getSourceTopic());
        byte[] key = letter.getAggregateId() == null ? null : letter.getAggregateId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, letter.getFailedAt().toEpochMilli(), key,
                valueSchema.serialize(letter), headers(letter));
    }

    static List<Header> headers(DeadLetter letter) {
        List<Header> headers = new ArrayList<>();
        add(headers, "stage", letter.getStage());
        add(headers, "reason", letter.getReason());
        add(headers, "event-id", letter.getEventId());
        add(headers, "event-type", letter.getEventType());
        add(headers, "aggregate-id", letter.getAggregateId());
        add(headers, "sequence", letter.getSequenceNumber());
        add(headers, "source-topic", letter.getSourceTopic());
        add(headers, "source-partition", letter.getPartition());
        add(headers, "source-offset", letter.getOffset());
        add(headers, "exception", letter.getExceptionClass());
        add(headers, "attempt", letter.getAttempt());
        add(headers, "job", letter.getJobName());
        add(headers, "failed-at", letter.getFailedAt());
        return headers;
    }

    private static void add(List<Header> headers, String name, Object value) {
        if (value != null) {
            headers.add(new RecordHeader(HEADER_PREFIX + name, value.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
