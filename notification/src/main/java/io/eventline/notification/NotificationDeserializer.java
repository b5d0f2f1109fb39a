package io.eventline.notification;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka records to {@link DecodedNotification}s; never throws. A record of a retry topic also carries its
 * {@link RetryHistory} in headers, and its due time: the failure's time plus the topic's delay, in the record's own
 * time, so a restart re-reads it with the same due time and never re-fires everything at once.
 */
final class NotificationDeserializer implements KafkaRecordDeserializationSchema<DecodedNotification> {

    private static final long serialVersionUID = 1L;
    private final RetryTopics retryTopics;

    /** For the source topic only. */
    NotificationDeserializer() {
        this(null);
    }

    /** @param retryTopics the retry tiers the records may come from; null: the source topic */
    NotificationDeserializer(RetryTopics retryTopics) {
        this.retryTopics = retryTopics;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedNotification> out) {
        DecodedNotification d = new DecodedNotification();
        d.topic = record.topic();
        d.partition = record.partition();
        d.offset = record.offset();
        d.timestamp = record.timestamp();
        d.key = record.key();
        d.value = record.value();
        try {
            OrderNotification n = NotificationJson.parse(record.value() == null ? new byte[0] : record.value());
            int tier = retryTopics == null ? -1 : retryTopics.tierOf(record.topic());
            if (tier < 0) {
                n.retry = RetryHistory.origin(record.topic(), record.partition(), record.offset());
            } else {
                n.retry = RetryHeaders.read(record.headers());
                if (n.retry.dueAt < 0) { // written without its due time: the record's time plus the topic's delay
                    n.retry.dueAt = record.timestamp() + retryTopics.delay(tier).toMillis();
                }
            }
            d.notification = n;
        } catch (Exception e) {
            d.error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        out.collect(d);
    }

    @Override
    public TypeInformation<DecodedNotification> getProducedType() {
        return TypeInformation.of(DecodedNotification.class);
    }
}
