package io.eventline.common.technical;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Reads, through a Kafka {@link Admin} client, every partition of a topic with its log start and end offsets and a
 * consumer group's committed offsets: four batched broker calls per read. End offsets are read_committed (the last
 * stable offset), as the job's source reads. Owns its admin client: {@link #close} closes it.
 */
public final class PartitionOffsetsReader implements AutoCloseable {

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final long timeoutMs;

    public PartitionOffsetsReader(HeartbeatSettings settings) {
        Properties props = new Properties();
        props.putAll(settings.adminProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventline-heartbeats-" + settings.groupId());
        int timeout = (int) settings.adminTimeout().toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        this.admin = Admin.create(props);
        this.topic = settings.topic();
        this.groupId = settings.groupId();
        this.timeoutMs = timeout;
    }

    /** The topic's partitions in partition order, as the broker reports them now. */
    public List<PartitionOffsets> read() throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicPartitionInfo p : get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions()) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = get(admin.listOffsets(
                specs(partitions, OffsetSpec.earliest())).all());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = get(admin.listOffsets(
                specs(partitions, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        Map<TopicPartition, OffsetAndMetadata> committed = get(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        List<PartitionOffsets> offsets = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            offsets.add(new PartitionOffsets(topic, tp.partition(), start.get(tp).offset(), end.get(tp).offset(),
                    c == null ? PartitionOffsets.NONE : c.offset()));
        }
        return offsets;
    }

    private static Map<TopicPartition, OffsetSpec> specs(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return specs;
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofMillis(timeoutMs));
    }
}
