package io.eventline.common.deadletter;

import io.eventline.common.sink.DeadLetterOutput;
import io.eventline.deadletter.DeadLetter;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link DeadLetterOutput} for sinks that find dead letters themselves (the upsert sink's version conflicts):
 * a plain Kafka producer per writer, the same {@link DeadLetterEncoder} as the job's DLQ sink, at-least-once
 * (flushed before each checkpoint). An asynchronous send error fails the next flush, as the DLQ sink does: that
 * is Kafka being down, not one record (the encoder already keeps every record under the size limit).
 */
public final class KafkaDeadLetterOutput implements DeadLetterOutput {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final DeadLetterEncoder encoder;

    public KafkaDeadLetterOutput(String bootstrapServers, DeadLetterEncoder encoder) {
        this.bootstrapServers = bootstrapServers;
        this.encoder = encoder;
    }

    /** Producer settings of every DLQ producer: the record limit aligned with the encoder's. */
    public static Properties producerProperties(String bootstrapServers, DeadLetterEncoder encoder) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(encoder.maxRecordBytes()));
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    @Override
    public Writer open(WriterInitContext context) {
        Properties p = producerProperties(bootstrapServers, encoder);
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "eventline-sink-dlq-" + context.getTaskInfo().getTaskNameWithSubtasks());
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Counter dropped = context.metricGroup().counter("deadLettersDropped");
        return new Writer() {
            private final AtomicReference<Exception> failure = new AtomicReference<>();

            @Override
            public void send(DeadLetter letter) {
                DeadLetterEncoder.Outcome[] outcome = new DeadLetterEncoder.Outcome[1];
                ProducerRecord<byte[], byte[]> record = encoder.encode(letter, outcome);
                if (record == null) {
                    dropped.inc();
                    return;
                }
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }

            @Override
            public void flush() throws IOException {
                producer.flush();
                Exception error = failure.getAndSet(null);
                if (error != null) {
                    throw new IOException("could not write a dead letter to Kafka at " + bootstrapServers, error);
                }
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(5));
            }
        };
    }
}
