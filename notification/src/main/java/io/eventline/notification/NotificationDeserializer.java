package io.eventline.notification;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka records to {@link DecodedNotification}s; never throws. */
final class NotificationDeserializer implements KafkaRecordDeserializationSchema<DecodedNotification> {

    private static final long serialVersionUID = 1L;

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
            d.notification = NotificationJson.parse(record.value() == null ? new byte[0] : record.value());
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
