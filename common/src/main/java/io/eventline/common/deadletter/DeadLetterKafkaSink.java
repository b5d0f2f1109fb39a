package io.eventline.common.deadletter;

import io.eventline.deadletter.DeadLetter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The Kafka sink every job writes its dead letters with. */
public final class DeadLetterKafkaSink {

    private DeadLetterKafkaSink() {}

    /**
     * At-least-once into the DLQ: a dead letter written twice after a restart carries the same deterministic id
     * (readers count it once), while exactly-once would hold every dead letter back until the next checkpoint. The
     * producer's max.request.size is the encoder's record limit, so no record is refused for its size.
     */
    public static KafkaSink<DeadLetter> of(String bootstrapServers, DeadLetterEncoder encoder) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(KafkaDeadLetterOutput.producerProperties(bootstrapServers, encoder))
                .setRecordSerializer(new DeadLetterRecordSerializer(encoder))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
