package io.eventline.history.replay;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.time.LogClock;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The event topic read as history, for a rebuild or an as-of: from the earliest offsets, bounded at the latest
 * offsets when the job starts (or at a log time), decoded by the live job's own deserializer, with the live job's
 * log-clock watermarks. With a log-time bound the clock is capped at that time (see {@link WatermarkCap}), so gaps
 * are decided as the live job had decided them then; without one the end of the input expires every open gap,
 * which is what the live job does once the topic has been quiet for the idle timeout.
 */
public final class HistoryReplay {

    public static final String SOURCE_UID = "history-source";
    public static final String CAP_UID = "history-watermark-cap";

    /** How much of the topic a replay reads: partitions and their offset range. */
    public record Range(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        public long records() {
            long n = 0;
            for (var e : end.entrySet()) {
                n += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L));
            }
            return n;
        }
    }

    private HistoryReplay() {}

    /**
     * A local environment for a replay: the live job's local state backend (RocksDB), no checkpoints (a replay
     * that fails is run again from the start).
     */
    public static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("pipeline.generic-types", "false"); // no Kryo, as in the tests of the live job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * The decoded history.
     *
     * @param until log time (Kafka record timestamp) of the last record read, inclusive; {@code null}: the latest
     *     offsets at start
     */
    public static DataStream<Either<EventEnvelope, DeadLetter>> source(StreamExecutionEnvironment env,
            JobOptions options, Instant until) {
        RegistryConfig registry = RegistryConfig.of(options.registryUrl);
        KafkaSource<Either<EventEnvelope, DeadLetter>> source = KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setTopics(options.topic)
                .setGroupId(options.groupId + "-history")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(until == null ? OffsetsInitializer.latest()
                        : OffsetsInitializer.timestamp(until.toEpochMilli() + 1))
                .setDeserializer(OrderEnvelopes.deserializer(registry, options.jobName))
                .setProperty("isolation.level", "read_committed") // as the live job: aborted replays are not history
                .setProperty("commit.offsets.on.checkpoint", "false") // the live job's group is not touched
                .build();
        LogClock<Either<EventEnvelope, DeadLetter>, ?, ?> clock = LogClock.of(source, options.sourceIdleTimeout);
        DataStream<Either<EventEnvelope, DeadLetter>> history = env
                .fromSource(clock.source(), clock.watermarks(), "history: " + options.topic)
                .uid(SOURCE_UID);
        if (until == null) {
            return history;
        }
        return history.transform("log clock capped at " + until, OrderEnvelopes.decodedType(),
                new WatermarkCap<>(until.toEpochMilli())).uid(CAP_UID);
    }

    /** The offsets a replay started now reads (earliest to latest, or to the first record after {@code until}). */
    public static Range range(JobOptions options, Instant until) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(options.topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + options.topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            if (until != null) {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, until.toEpochMilli() + 1));
                for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
                    if (e.getValue() != null) {
                        end.put(e.getKey(), e.getValue().offset());
                    }
                }
            }
            return new Range(start, end);
        }
    }
}
