package io.eventline.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from its beginning on a background thread, keeping every record and when it arrived. */
final class TopicTail implements AutoCloseable {

    record Received(ConsumerRecord<byte[], byte[]> record, long atNanos) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicTail(String bootstrapServers, String topic, int partitions) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            all.add(new TopicPartition(topic, i));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        received.add(new Received(r, System.nanoTime()));
                    }
                }
            }
        }, "tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** The records that match, once there are {@code count} of them (then a moment more, to catch extras). */
    List<Received> await(Predicate<ConsumerRecord<byte[], byte[]>> match, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(match).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + matching(match).size() + " of " + count + " records after " + timeout);
            }
            Thread.sleep(50);
        }
        Thread.sleep(500); // a duplicate would have arrived by now
        return matching(match);
    }

    List<Received> matching(Predicate<ConsumerRecord<byte[], byte[]>> match) {
        return received.stream().filter(r -> match.test(r.record())).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
