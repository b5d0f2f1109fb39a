package io.eventline.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the retry topics that do not exist yet, at job start (as Spring Kafka does for its retry topics), with the
 * source topic's partition count and replication factor: the retry source fails on a topic that does not exist,
 * and a retry topic with the source's partitions keeps an order's records on one partition as there.
 */
final class RetryTopicsAdmin {

    private RetryTopicsAdmin() {}

    static void ensure(String bootstrapServers, String sourceTopic, RetryTopics topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            TopicDescription source = null;
            for (String topic : topics.topics()) {
                if (!existing.contains(topic)) {
                    if (source == null) {
                        Map<String, TopicDescription> d = admin.describeTopics(List.of(sourceTopic)).allTopicNames().get();
                        source = d.get(sourceTopic);
                    }
                    missing.add(new NewTopic(topic, source.partitions().size(),
                            (short) source.partitions().get(0).replicas().size()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another job instance was first
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the retry topics " + topics.topics(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the retry topics " + topics.topics() + " of " + sourceTopic
                    + ": " + e.getCause(), e.getCause());
        }
    }
}
