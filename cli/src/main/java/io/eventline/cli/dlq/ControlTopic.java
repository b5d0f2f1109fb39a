package io.eventline.cli.dlq;

import io.eventline.contracts.ControlCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The job's control topic: UNPARK commands written, and read back to know which aggregates were unparked. */
final class ControlTopic {

    private final String bootstrapServers;
    private final String topic;

    ControlTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    String name() {
        return topic;
    }

    /** Per aggregate, the record time of its latest UNPARK. */
    Map<String, Instant> lastUnparks() {
        Map<String, Instant> last = new HashMap<>();
        TopicReader.readAll(bootstrapServers, topic, record -> {
            ControlCommand command;
            try {
                command = ControlCommand.fromJson(record.value());
            } catch (IllegalArgumentException e) {
                return; // the job skips unreadable commands too
            }
            if (command.type() == ControlCommand.Type.UNPARK) {
                last.merge(command.aggregateId(), Instant.ofEpochMilli(record.timestamp()),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return last;
    }

    /** Writes UNPARK for {@code aggregateId}, keyed by it, and waits for the broker's acknowledgement. */
    void sendUnpark(String aggregateId) throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId.getBytes(StandardCharsets.UTF_8),
                    ControlCommand.unpark(aggregateId).toJson())).get();
        }
    }
}
