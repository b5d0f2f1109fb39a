package io.eventline.testkit.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a DLQ topic from its headers only and keeps one entry per dead-letter id: a dead letter written twice
 * after a restart (at-least-once) counts once. The id is the {@code dlq-id} header where the job writes one, else
 * the failure's identity from the mirrored headers (source topic, partition, offset, stage, reason; or aggregate,
 * sequence, event id, stage, reason when the source is unknown), so the ledger does not depend on the job's code.
 */
public final class DeadLetterLedger implements AutoCloseable {

    /** One distinct dead letter. */
    public record Letter(String id, String reason, String eventId, String aggregateId, Long sequence) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Letter> byId = new HashMap<>();
    private final Map<String, Set<String>> idsByEventId = new HashMap<>();
    private long records;

    public DeadLetterLedger(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "eventline-dlq-ledger-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // only committed records: a transactional DLQ writer's aborted records are not dead letters
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Reads what arrived since the last call (waiting up to {@code timeout} for the first records). */
    public DeadLetterLedger poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            add(r.headers());
        }
        return this;
    }

    void add(Headers headers) {
        records++;
        String reason = header(headers, "dlq-reason");
        String eventId = header(headers, "dlq-event-id");
        String aggregate = header(headers, "dlq-aggregate-id");
        String sequence = header(headers, "dlq-sequence");
        String id = header(headers, "dlq-id");
        if (id == null) {
            String topic = header(headers, "dlq-source-topic");
            String partition = header(headers, "dlq-source-partition");
            String offset = header(headers, "dlq-source-offset");
            String stage = header(headers, "dlq-stage");
            id = topic != null && partition != null && offset != null
                    ? String.join("|", "source", topic, partition, offset, stage, reason)
                    : String.join("|", "event", aggregate, sequence, eventId, stage, reason);
        }
        Letter letter = new Letter(id, reason == null ? "(no reason header)" : reason, eventId, aggregate,
                sequence == null ? null : Long.valueOf(sequence));
        if (byId.putIfAbsent(id, letter) == null && eventId != null) {
            idsByEventId.computeIfAbsent(eventId, e -> new HashSet<>()).add(id);
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Distinct dead letters by reason. */
    public Map<String, Long> byReason() {
        Map<String, Long> m = new TreeMap<>();
        byId.values().forEach(l -> m.merge(l.reason(), 1L, Long::sum));
        return m;
    }

    public Iterable<Letter> letters() {
        return byId.values();
    }

    /** Event ids dead-lettered under more than one dead-letter id: the same event failed twice, as two failures. */
    public Map<String, Set<String>> eventIdsUnderSeveralIds() {
        Map<String, Set<String>> m = new TreeMap<>();
        idsByEventId.forEach((e, ids) -> {
            if (ids.size() > 1) {
                m.put(e, ids);
            }
        });
        return m;
    }

    /** Records read, duplicates included. */
    public long records() {
        return records;
    }

    public long distinct() {
        return byId.size();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
