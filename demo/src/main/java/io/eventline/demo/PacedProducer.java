package io.eventline.demo;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.testkit.faults.EventAccounting;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a whole workload at a steady rate on its own thread, so that faults land while events flow. Rides out a
 * broker restart (idempotent producer, long delivery and blocking timeouts: a record is retried, never dropped)
 * and a registry outage (the envelope's schema id is cached after the first send). Each record's timestamp is the
 * time it was due on the steady schedule, so the log's clock runs on evenly through the producer's own stalls. Every record goes through
 * {@link EventAccounting} first; a send that fails in the end fails the run.
 */
final class PacedProducer implements AutoCloseable {

    private final OrderWorkload workload;
    private final EventAccounting accounting;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EnvelopeRecordSerializer<EventEnvelope> avro;
    private final String topic;
    private final double recordsPerSecond;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    PacedProducer(OrderWorkload workload, EventAccounting accounting, String bootstrap, RegistryConfig registry,
            String topic, double recordsPerSecond) {
        this.workload = workload;
        this.accounting = accounting;
        this.topic = topic;
        this.recordsPerSecond = recordsPerSecond;
        this.avro = OrderEnvelopes.serializer(registry, topic);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000), new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "paced-producer");
    }

    PacedProducer start() {
        thread.start();
        return this;
    }

    private void run() {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        try {
            for (Outgoing out; (out = workload.next()) != null; ) {
                accounting.sent(out);
                byte[] value = out.raw() != null ? out.raw()
                        : out.asJson() ? EnvelopeJson.encode(out.event()) : avro.serializeValue(out.event());
                // Stamped with the time the record was due, as a producer stamps an event when it was created: a
                // send() blocked through a broker restart (waiting for metadata) then does not stretch the log
                // time between a displaced event and its successor beyond the workload's displacement.
                long dueMillis = startMillis + (long) (sent.get() * 1e3 / recordsPerSecond);
                producer.send(new ProducerRecord<>(topic, null, dueMillis, out.key().getBytes(StandardCharsets.UTF_8),
                                value),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                long n = sent.incrementAndGet();
                long dueNanos = startNanos + (long) (n * 1e9 / recordsPerSecond);
                long wait = dueNanos - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    long sent() {
        return sent.get();
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Waits for the last record to be acknowledged; throws when any send failed. */
    void awaitDone() throws Exception {
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the producer failed: records may be missing", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        producer.close();
    }
}
