package io.eventline.common.technical;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells lag from a tail a reader cannot read. The Kafka source commits the offset after its last record, not after a
 * transaction marker or aborted records that follow it (FLINK-33484), so a partition whose last write was a
 * transaction (e.g. {@code eventline dlq replay}) shows lag at rest. When a partition's committed and end offsets
 * have both stood still since the previous tick while it shows lag, a read_committed consumer (no group, nothing
 * committed) reads from the committed offset: if it reaches the end without a record, the lag is no lag, and the
 * partition's end is reported as its committed offset. Verdicts are cached per (committed, end); a moving partition is
 * never read.
 */
final class UnreadableTails implements AutoCloseable {

    private final HeartbeatSettings settings;
    /** The previous tick's raw offsets, by partition. */
    private final Map<Integer, PartitionOffsets> previous = new HashMap<>();
    /** Whether anything is readable between a partition's committed and end offset, for the last pair checked. */
    private final Map<Integer, Verdict> verdicts = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    UnreadableTails(HeartbeatSettings settings) {
        this.settings = settings;
    }

    /** The offsets, with the end of each partition whose lag is an unreadable tail set to its committed offset. */
    List<PartitionOffsets> apply(List<PartitionOffsets> offsets) {
        List<PartitionOffsets> result = new ArrayList<>(offsets.size());
        for (PartitionOffsets o : offsets) {
            PartitionOffsets before = previous.put(o.partition(), o);
            boolean standing = before != null && before.committedOffset() == o.committedOffset()
                    && before.endOffset() == o.endOffset();
            if (o.committedOffset() == PartitionOffsets.NONE || o.lag() == 0 || !standing || readable(o)) {
                result.add(o);
            } else {
                result.add(new PartitionOffsets(o.topic(), o.partition(), o.startOffset(), o.committedOffset(),
                        o.committedOffset()));
            }
        }
        return result;
    }

    private boolean readable(PartitionOffsets o) {
        Verdict cached = verdicts.get(o.partition());
        if (cached != null && cached.committed == o.committedOffset() && cached.end == o.endOffset()) {
            return cached.readable;
        }
        boolean readable = hasRecord(new TopicPartition(o.topic(), o.partition()), o.committedOffset(), o.endOffset());
        verdicts.put(o.partition(), new Verdict(o.committedOffset(), o.endOffset(), readable));
        return readable;
    }

    /** Whether a read_committed reader at {@code from} gets a record before {@code end}; unsure counts as yes. */
    private boolean hasRecord(TopicPartition tp, long from, long end) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        c.assign(List.of(tp));
        c.seek(tp, from);
        long deadline = System.nanoTime() + settings.adminTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!c.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
            // the position moves past markers and aborted records that poll() does not return
            if (c.position(tp) >= end) {
                return false;
            }
        }
        return true; // could not tell: keep the lag, a stall is better reported than hidden
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties props = new Properties();
            props.putAll(settings.adminProperties());
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventline-heartbeats-tail-" + settings.groupId());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
            int timeout = (int) settings.adminTimeout().toMillis();
            props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofMillis(settings.adminTimeout().toMillis()));
        }
    }

    private record Verdict(long committed, long end, boolean readable) {}
}
