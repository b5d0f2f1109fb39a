package io.eventline.notification;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Enriched notifications as JSON, keyed by order id (one order's notifications stay in one partition, in order). */
final class EnrichedRecordSerializer implements KafkaRecordSerializationSchema<EnrichedNotification> {

    private static final long serialVersionUID = 1L;
    private final String topic;

    EnrichedRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EnrichedNotification e, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, e.orderId.getBytes(StandardCharsets.UTF_8),
                NotificationJson.write(e));
    }
}
