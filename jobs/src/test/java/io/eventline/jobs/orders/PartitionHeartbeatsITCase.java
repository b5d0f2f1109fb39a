package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PartitionHeartbeat;
import io.eventline.jobs.orders.audit.AppliedEventAudit;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.jobs.orders.technical.PartitionHeartbeatsWorkflow;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PrometheusServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The partition heartbeats through the job as production wires it ({@code --heartbeats}, real broker, registry,
 * PostgreSQL, MiniCluster): records on partition 0 only, so partition 0 goes PROGRESSING to IDLE once the job's
 * checkpoints commit its offsets and partition 1 is IDLE throughout; every heartbeat reaches {@code <topic>.technical}
 * as a technical envelope; the per-partition gauges are served by the Prometheus reporter. Without the flag the job
 * graph has none of the heartbeat operators.
 */
class PartitionHeartbeatsITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void heartbeatsOfEveryPartitionReachTheTechnicalTopic() throws Exception {
        // a stall threshold no loaded machine reaches: this run has no stall
        try (OrdersJobRun run = new OrdersJobRun("heartbeats", 2, 1, "--checkpoint-interval", "PT1S",
                "--heartbeats", "--heartbeat-interval", "PT1S", "--stall-after", "PT5M")) {
            String technicalTopic = run.topic + ".technical";
            run.kafka.createTopics(1, technicalTopic);
            int reporterPort = PrometheusServer.freePort();
            run.configure("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                    .configure("metrics.reporter.prom.port", reporterPort + "-" + (reporterPort + 5));
            run.start(null);

            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
            long now = System.currentTimeMillis();
            List<EventEnvelope> events = List.of(
                    OrderEvents.placed("ord-1", "cust-a", 1, OrderEvents.at(0), "20.00", OrderEvents.item("BOOK-07", 1, "20.00")),
                    OrderEvents.paid("ord-1", 2, OrderEvents.at(1), "20.00"),
                    OrderEvents.shipped("ord-1", 3, OrderEvents.at(2)));
            for (EventEnvelope e : events) {
                run.send(0, now++, e.getAggregateId(), serializer.serializeValue(e));
            }
            run.flush();

            List<PartitionHeartbeat> heartbeats = new ArrayList<>();
            OrdersJobRun.await("partition 0 caught up and idle, partition 1 idle, in the technical topic", WAIT, () -> {
                heartbeats.clear();
                for (ConsumerRecord<byte[], byte[]> record : read(run.kafka, technicalTopic)) {
                    EventEnvelope envelope = AuditStreamITCase.decode(record.value());
                    assertThat(envelope.getAggregateType()).isEqualTo(AppliedEventAudit.TECHNICAL);
                    assertThat(envelope.getEventType()).as("no stall in this run").isEqualTo("PartitionHeartbeat");
                    PartitionHeartbeat h = (PartitionHeartbeat) envelope.getPayload();
                    assertThat(new String(record.key(), StandardCharsets.UTF_8))
                            .isEqualTo(envelope.getAggregateId()).isEqualTo("heartbeats:" + run.topic + ":" + h.getPartition());
                    assertThat(envelope.getEventId()).isEqualTo(
                            "heartbeat:" + envelope.getAggregateId() + ":" + h.getObservedAt().toEpochMilli());
                    assertThat(envelope.getTimestamp()).isEqualTo(h.getObservedAt());
                    heartbeats.add(h);
                }
                return lastIs(heartbeats, 0, 3, "IDLE") && lastIs(heartbeats, 1, 0, "IDLE");
            });
            for (PartitionHeartbeat h : heartbeats) {
                assertThat(h.getTopic()).isEqualTo(run.topic);
                assertThat(h.getGroupId()).isEqualTo(run.topic);
                assertThat(h.getState()).isNotEqualTo("STALLED");
                if (h.getPartition() == 1) {
                    assertThat(List.of(h.getEndOffset(), h.getLag(), h.getState())).containsExactly(0L, 0L, "IDLE");
                } else {
                    // before the records arrived, then after
                    assertThat(h.getEndOffset()).isIn(0L, 3L);
                    assertThat(h.getLag()).isEqualTo(h.getEndOffset() - (h.getCommittedOffset() == null ? 0 : h.getCommittedOffset()));
                }
            }
            // heartbeats of both partitions every tick: as many of one as of the other (give or take the last tick read)
            long p0 = heartbeats.stream().filter(h -> h.getPartition() == 0).count();
            long p1 = heartbeats.stream().filter(h -> h.getPartition() == 1).count();
            assertThat(Math.abs(p0 - p1)).isLessThanOrEqualTo(1);
            assertThat(run.orders().get("ord-1").version).isEqualTo(3L);

            assertThat(AuditStreamITCase.metricLines(reporterPort, "heartbeat_topic_partition_stalled"))
                    .hasSize(2).allMatch(l -> l.endsWith(" 0.0"))
                    .anyMatch(l -> l.contains("partition=\"0\"")).anyMatch(l -> l.contains("partition=\"1\""));
            assertThat(AuditStreamITCase.metricLines(reporterPort, "heartbeat_topic_partition_lag"))
                    .hasSize(2).allMatch(l -> l.endsWith(" 0.0"));
            // a tick whose broker calls time out on a loaded machine is counted there; most ticks succeed
            assertThat(AuditStreamITCase.metricLines(reporterPort, "heartbeatFailures")).singleElement()
                    .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                            .isLessThan(Math.max(p0, p1) / 2.0));
        }
    }

    @Test
    void withoutTheFlagTheJobGraphHasNoHeartbeatOperator() throws Exception {
        Set<String> without = uids();
        Set<String> with = uids("--heartbeats");
        Set<String> added = new TreeSet<>(with);
        added.removeAll(without);
        assertThat(with).containsAll(without);
        assertThat(added).contains(PartitionHeartbeatsWorkflow.HEARTBEATS_UID, PartitionHeartbeatsWorkflow.ENVELOPES_UID,
                PartitionHeartbeatsWorkflow.SINK_UID);
        // the sink's committer node is named after the sink's uid
        assertThat(added).allMatch(uid -> uid.startsWith(PartitionHeartbeatsWorkflow.HEARTBEATS_UID)
                || uid.endsWith(PartitionHeartbeatsWorkflow.SINK_UID));
        assertThat(without).noneMatch(uid -> uid.contains("heartbeat") || uid.contains("technical"));
    }

    private static Set<String> uids(String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", EmbeddedKafka.shared().bootstrapServers(),
                "--registry-url", ApicurioRegistry.shared().ccompatUrl(), "--jdbc-url", "jdbc:sqlite::memory:",
                "--checkpoint-interval", "PT10S"));
        args.addAll(List.of(extra));
        JobOptions options = JobCommandLine.parse(args.toArray(String[]::new));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                OrderProjectionsJob.flinkConfiguration(options));
        OrderProjectionsJob.wire(env, options);
        Set<String> uids = new HashSet<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            if (node.getTransformationUID() != null) {
                uids.add(node.getTransformationUID());
            }
        }
        return uids;
    }

    /** The last heartbeat read of a partition has these offsets and state. */
    private static boolean lastIs(List<PartitionHeartbeat> heartbeats, int partition, long committed, String state) {
        PartitionHeartbeat last = null;
        for (PartitionHeartbeat h : heartbeats) {
            if (h.getPartition() == partition) {
                last = h;
            }
        }
        return last != null && last.getState().equals(state) && last.getLag() == 0
                && (committed == 0 || Long.valueOf(committed).equals(last.getCommittedOffset()));
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
