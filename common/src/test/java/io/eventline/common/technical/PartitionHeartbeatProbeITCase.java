package io.eventline.common.technical;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.technical.PartitionSignal.Kind;
import io.eventline.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat probe against a real broker and a real consumer group's committed offsets, on a driven clock (ticks
 * of 10 s, stall threshold 60 s): partition 0 never has a record (IDLE every tick), partition 1's group committed 4 of
 * 10 and stopped (STALLED after 60 s, one stall, resumed once it commits again), partition 2's group commits every
 * tick (PROGRESSING).
 */
class PartitionHeartbeatProbeITCase {

    private static final EmbeddedKafka KAFKA = EmbeddedKafka.shared();
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    @BeforeAll
    static void clients() {
        admin = Admin.create(KAFKA.adminProperties());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
    }

    @Test
    void idleStalledAndProgressingPartitionsEachReportedAsTheyAre() throws Exception {
        String topic = "heartbeats-" + System.nanoTime();
        String group = topic + "-group";
        KAFKA.createTopics(3, topic);
        send(topic, 1, 10);
        send(topic, 2, 5);
        commit(group, topic, Map.of(1, 4L, 2, 5L));

        try (PartitionHeartbeatProbe probe = new PartitionHeartbeatProbe(
                HeartbeatSettings.of(KAFKA.bootstrapServers(), topic, group, Duration.ofSeconds(10), Duration.ofSeconds(60)),
                clock::get)) {
            long start = clock.get();
            long stalledAt = start + 60_000;
            for (int tick = 0; tick <= 7; tick++) {
                long now = clock.get();
                List<PartitionSignal> signals = probe.tick();
                assertThat(signals).as("tick " + tick).extracting(PartitionSignalRow::of).containsExactlyElementsOf(
                        expected(tick, start, now, stalledAt));
                // partition 2's consumer reads on: three more records, committed before the next tick
                send(topic, 2, 3);
                commit(group, topic, Map.of(2, 5L + 3L * (tick + 1)));
                clock.addAndGet(10_000);
            }
            // partition 1's consumer moves again
            commit(group, topic, Map.of(1, 8L));
            long resumedAt = clock.get();
            assertThat(probe.tick()).extracting(PartitionSignalRow::of).containsExactly(
                    new PartitionSignalRow(Kind.HEARTBEAT, 0, 0, PartitionOffsets.NONE, 0, PartitionState.IDLE, start),
                    new PartitionSignalRow(Kind.RESUMED, 1, 10, 8, 2, PartitionState.PROGRESSING, resumedAt),
                    new PartitionSignalRow(Kind.HEARTBEAT, 1, 10, 8, 2, PartitionState.PROGRESSING, resumedAt),
                    new PartitionSignalRow(Kind.HEARTBEAT, 2, 29, 29, 0, PartitionState.PROGRESSING, start + 10_000));
            assertThat(probe.failures()).isZero();
            assertThat(probe.stalledPartitions()).isZero();
        }
    }

    @Test
    void aTailOfTransactionMarkersAndAbortedRecordsIsNoLagAndNoStall() throws Exception {
        String topic = "heartbeats-tx-" + System.nanoTime();
        String group = topic + "-group";
        KAFKA.createTopics(2, topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            // partition 0: three records and the commit marker (offsets 0-2, marker 3)
            tx.beginTransaction();
            for (int i = 0; i < 3; i++) {
                tx.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i}));
            }
            tx.commitTransaction();
            // partition 1: one record, then two aborted ones and the abort marker (offsets 1-2, marker 3)
            send(topic, 1, 1);
            tx.beginTransaction();
            for (int i = 0; i < 2; i++) {
                tx.send(new ProducerRecord<>(topic, 1, null, new byte[] {(byte) i}));
            }
            tx.flush();
            tx.abortTransaction();
        }
        // the Kafka source commits the offset after its last record read
        commit(group, topic, Map.of(0, 3L, 1, 1L));

        try (PartitionHeartbeatProbe probe = new PartitionHeartbeatProbe(
                HeartbeatSettings.of(KAFKA.bootstrapServers(), topic, group, Duration.ofSeconds(10), Duration.ofSeconds(60)),
                clock::get)) {
            long start = clock.get();
            // first sight: the offsets' lag of 1 and 3, not yet known to be unreadable
            assertThat(probe.tick()).extracting(PartitionSignalRow::of).containsExactly(
                    new PartitionSignalRow(Kind.HEARTBEAT, 0, 4, 3, 1, PartitionState.PROGRESSING, start),
                    new PartitionSignalRow(Kind.HEARTBEAT, 1, 4, 1, 3, PartitionState.PROGRESSING, start));
            for (int tick = 1; tick <= 3; tick++) {
                clock.addAndGet(60_000);
                assertThat(probe.tick()).as("tick " + tick).extracting(PartitionSignalRow::of).containsExactly(
                        new PartitionSignalRow(Kind.HEARTBEAT, 0, 3, 3, 0, PartitionState.IDLE, start + 60_000),
                        new PartitionSignalRow(Kind.HEARTBEAT, 1, 1, 1, 0, PartitionState.IDLE, start + 60_000));
            }
            assertThat(probe.failures()).isZero();
        }
    }

    @Test
    void aFailingBrokerCallIsCountedAndYieldsNoSignalThenTheNextTickWorks() throws Exception {
        String topic = "heartbeats-missing-" + System.nanoTime();
        try (PartitionHeartbeatProbe probe = new PartitionHeartbeatProbe(
                HeartbeatSettings.of(KAFKA.bootstrapServers(), topic, topic + "-group", Duration.ofSeconds(2),
                        Duration.ofSeconds(60)),
                clock::get)) {
            assertThat(probe.tick()).as("the topic does not exist").isEmpty();
            assertThat(probe.failures()).isOne();
            KAFKA.createTopics(1, topic);
            assertThat(probe.tick()).extracting(PartitionSignalRow::of).containsExactly(
                    new PartitionSignalRow(Kind.HEARTBEAT, 0, 0, PartitionOffsets.NONE, 0, PartitionState.IDLE, clock.get()));
            assertThat(probe.failures()).isOne();
        }
    }

    private static List<PartitionSignalRow> expected(int tick, long start, long now, long stalledAt) {
        PartitionSignalRow idle = new PartitionSignalRow(Kind.HEARTBEAT, 0, 0, PartitionOffsets.NONE, 0, PartitionState.IDLE, start);
        long end2 = 5L + 3L * tick;
        PartitionSignalRow progressing = new PartitionSignalRow(Kind.HEARTBEAT, 2, end2, end2, 0,
                tick == 0 ? PartitionState.IDLE : PartitionState.PROGRESSING, tick == 0 ? start : start + 10_000);
        if (now < stalledAt) {
            return List.of(idle, new PartitionSignalRow(Kind.HEARTBEAT, 1, 10, 4, 6, PartitionState.PROGRESSING, start),
                    progressing);
        }
        PartitionSignalRow stalled = new PartitionSignalRow(Kind.HEARTBEAT, 1, 10, 4, 6, PartitionState.STALLED, stalledAt);
        return now == stalledAt
                ? List.of(idle, new PartitionSignalRow(Kind.STALLED, 1, 10, 4, 6, PartitionState.STALLED, stalledAt),
                        stalled, progressing)
                : List.of(idle, stalled, progressing);
    }

    /** The fields a tick decides (the clock's times are the test's own). */
    record PartitionSignalRow(Kind kind, int partition, long endOffset, long committedOffset, long lag,
            PartitionState state, long stateSince) {
        static PartitionSignalRow of(PartitionSignal s) {
            return new PartitionSignalRow(s.kind, s.partition, s.endOffset, s.committedOffset, s.lag, s.state, s.stateSince);
        }
    }

    private static void send(String topic, int partition, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {(byte) i})).get();
        }
    }

    /** Commits as a consumer of the group would (the group has no active member: it committed and stopped). */
    private static void commit(String group, String topic, Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
        offsets.forEach((p, o) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(group, commits).all().get();
    }
}
