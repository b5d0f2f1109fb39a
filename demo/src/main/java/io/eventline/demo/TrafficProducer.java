package io.eventline.demo;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends workload records to Kafka: Avro in the Confluent wire format through the registry, JSON, or raw bytes. */
final class TrafficProducer {

    private TrafficProducer() {}

    static void send(List<Outgoing> records, String bootstrap, RegistryConfig registry, String topic) {
        EnvelopeRecordSerializer avro = new EnvelopeRecordSerializer(registry, topic);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Outgoing out : records) {
                byte[] value = out.raw() != null ? out.raw()
                        : out.asJson() ? EnvelopeJson.encode(out.event()) : avro.serializeValue(out.event());
                producer.send(new ProducerRecord<>(topic, out.key().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
    }
}
