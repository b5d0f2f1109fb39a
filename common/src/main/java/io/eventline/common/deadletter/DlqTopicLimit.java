package io.eventline.common.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest DLQ record the job may produce: the configured {@code max.request.size}, lowered to the DLQ topic's
 * {@code max.message.bytes} when that is smaller (a broker rejecting a record as too large fails the Kafka writer,
 * and every restart would hit it again). Read once at job start.
 */
public final class DlqTopicLimit {

    private static final Logger LOG = LoggerFactory.getLogger(DlqTopicLimit.class);

    private DlqTopicLimit() {}

    public static int maxRecordBytes(String bootstrapServers, String dlqTopic, int configured) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, dlqTopic);
        try (Admin admin = Admin.create(p)) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || entry.value() == null) {
                return configured;
            }
            int topicLimit = Integer.parseInt(entry.value());
            if (topicLimit < configured) {
                LOG.info("DLQ topic {} takes records up to {} bytes: dead letters are kept under that", dlqTopic,
                        topicLimit);
                return topicLimit;
            }
            return configured;
        } catch (Exception e) {
            // e.g. the topic does not exist yet (it will get the broker default) or Kafka is not reachable now
            LOG.warn("cannot read max.message.bytes of {} ({}); dead letters are kept under {} bytes", dlqTopic,
                    e.toString(), configured);
            return configured;
        }
    }
}
