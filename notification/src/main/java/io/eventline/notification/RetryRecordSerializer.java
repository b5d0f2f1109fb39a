package io.eventline.notification;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A notification to its next retry topic: the thin JSON as it came (so the retry source reads it like the source),
 * keyed by order id, its history in headers, its timestamp the time of the failure; its due time (failure time plus
 * the topic's delay, or the failure time for a re-lookup at once) in a header.
 */
final class RetryRecordSerializer implements KafkaRecordSerializationSchema<OrderNotification> {

    private static final long serialVersionUID = 1L;
    private final RetryTopics topics;

    RetryRecordSerializer(RetryTopics topics) {
        this.topics = topics;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OrderNotification n, KafkaSinkContext context, Long timestamp) {
        RetryHistory h = n.retry;
        // tier of the last retry; a re-lookup at once after a release (no retry yet) goes through the first
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.topic(Math.max(0, h.retries - 1)), null,
                h.failedAt(), n.orderId.getBytes(StandardCharsets.UTF_8), NotificationJson.write(n));
        RetryHeaders.write(h, h.lastReason(), record.headers());
        return record;
    }
}
