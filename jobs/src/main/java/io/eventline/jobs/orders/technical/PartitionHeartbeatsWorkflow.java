package io.eventline.jobs.orders.technical;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.technical.PartitionSignal;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The technical-events branch (issue 17.5): heartbeat ticks → technical envelopes → the technical topic. Independent
 * of the event pipeline (its own source, parallelism 1), added to the job graph only with {@code --heartbeats}.
 *
 * <p>Why a topic of its own, at least once, and not the audit topic's exactly-once sink: a transactional sink makes
 * records visible only when a checkpoint completes, and a stalled partition is very often a job whose checkpoints do
 * not complete (committed offsets move only on checkpoints), so a {@code SourceStalled} would stay invisible exactly
 * when it matters. Heartbeats are observations, not facts to count once: deterministic eventIds let a reader
 * deduplicate. And the audit topic's contract (one record per applied event) stays as it is.
 */
public final class PartitionHeartbeatsWorkflow {

    public static final String HEARTBEATS_UID = "partition-heartbeats";
    public static final String ENVELOPES_UID = "partition-heartbeats-envelopes";
    public static final String SINK_UID = "technical-topic-sink";

    private PartitionHeartbeatsWorkflow() {}

    public static void define(DataStream<List<PartitionSignal>> ticks, Sink<EventEnvelope> technicalTopic, String jobName) {
        ticks.flatMap(new PartitionSignalEnvelopes(jobName), OrderEnvelopes.type())
                .setParallelism(1)
                .uid(ENVELOPES_UID)
                .name("partition signals → technical events")
                .sinkTo(technicalTopic)
                .setParallelism(1)
                .uid(SINK_UID)
                .name("technical events → topic");
    }

    /** At least once, visible at once (no transaction waits for a checkpoint). */
    public static KafkaSink<EventEnvelope> topic(String bootstrapServers, RegistryConfig registry, String topic) {
        return KafkaSink.<EventEnvelope>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(OrderEnvelopes.serializer(registry, topic))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
