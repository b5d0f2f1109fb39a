package io.eventline.cli.dlq;

import io.eventline.contracts.DeadLetterTopics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The record of what was replayed: a compacted topic {@code <source-topic>.dlq.replayed}, one record per replayed
 * dead letter, keyed by its DLQ position {@code partition:offset} (value: JSON with the time, the target topic and
 * position, the eventId, and for a duplicate the position it was replayed with).
 *
 * <p>Why a keyed, compacted topic rather than a consumer group's committed offsets: replays select by reason,
 * stage, aggregate and time, in any order and more than once; committed offsets only say "everything before
 * here", which a filtered replay cannot honour (it would mark the records it skipped, or forget the ones it
 * replayed). A key per dead letter remembers exactly those, compaction keeps the topic at one small record per
 * replayed dead letter, and it is written in the same Kafka transaction as the republished records: a replay is
 * recorded if and only if its records were published.
 */
public final class ReplayLog {

    private ReplayLog() {}

    /** {@code orders.dlq} → {@code orders.dlq.replayed}. */
    public static String topicFor(String dlqTopic) {
        return DeadLetterTopics.replayLogFor(dlqTopic);
    }

    /** The DLQ positions replayed so far. */
    public static Set<String> replayed(String bootstrapServers, String dlqTopic) {
        Set<String> positions = new HashSet<>();
        TopicReader.readAll(bootstrapServers, topicFor(dlqTopic), record -> {
            if (record.key() == null) {
                return;
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                positions.remove(key); // a tombstone: an operator cleared it to allow replaying it again
            } else {
                positions.add(key);
            }
        });
        return positions;
    }

    /** Creates the compacted log topic when it does not exist yet. */
    static void ensureTopic(String bootstrapServers, String dlqTopic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            NewTopic topic = new NewTopic(topicFor(dlqTopic), Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(Set.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topicFor(dlqTopic) + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
