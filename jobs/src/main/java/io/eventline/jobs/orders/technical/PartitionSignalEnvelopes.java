package io.eventline.jobs.orders.technical;

import io.eventline.common.technical.PartitionOffsets;
import io.eventline.common.technical.PartitionSignal;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PartitionHeartbeat;
import io.eventline.events.SourceResumed;
import io.eventline.events.SourceStalled;
import io.eventline.jobs.orders.audit.AppliedEventAudit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each heartbeat tick's signals into technical envelopes ({@code aggregateType} Technical, EventEnvelope v6):
 * {@code PartitionHeartbeat}, {@code SourceStalled}, {@code SourceResumed}. The aggregate (and Kafka key) is
 * {@code <job>:<topic>:<partition>}, so one partition's signals stay in order; the eventIds are deterministic (a
 * heartbeat by its tick time, a stall and its resumption by the stall's start), so a consumer deduplicates what the
 * at-least-once sink writes twice after a restart.
 */
public final class PartitionSignalEnvelopes implements FlatMapFunction<List<PartitionSignal>, EventEnvelope> {

    private static final long serialVersionUID = 1L;

    static final String PAYLOAD_VERSION = "1.0";

    private final String jobName;

    public PartitionSignalEnvelopes(String jobName) {
        this.jobName = Objects.requireNonNull(jobName, "jobName");
    }

    @Override
    public void flatMap(List<PartitionSignal> tick, Collector<EventEnvelope> out) {
        for (PartitionSignal s : tick) {
            out.collect(of(s));
        }
    }

    EventEnvelope of(PartitionSignal s) {
        String aggregate = jobName + ":" + s.topic + ":" + s.partition;
        Long committed = s.committedOffset == PartitionOffsets.NONE ? null : s.committedOffset;
        Object payload;
        String eventType;
        String id;
        switch (s.kind) {
            case HEARTBEAT -> {
                eventType = "PartitionHeartbeat";
                id = "heartbeat:" + aggregate + ":" + s.observedAt;
                payload = PartitionHeartbeat.newBuilder().setTopic(s.topic).setPartition(s.partition)
                        .setGroupId(s.groupId).setEndOffset(s.endOffset).setCommittedOffset(committed).setLag(s.lag)
                        .setState(s.state.name()).setStateSince(Instant.ofEpochMilli(s.stateSince))
                        .setObservedAt(Instant.ofEpochMilli(s.observedAt)).build();
            }
            case STALLED -> {
                eventType = "SourceStalled";
                id = "stalled:" + aggregate + ":" + s.noProgressSince;
                payload = SourceStalled.newBuilder().setTopic(s.topic).setPartition(s.partition).setGroupId(s.groupId)
                        .setEndOffset(s.endOffset).setCommittedOffset(committed).setLag(s.lag)
                        .setNoProgressSince(Instant.ofEpochMilli(s.noProgressSince))
                        .setObservedAt(Instant.ofEpochMilli(s.observedAt)).build();
            }
            case RESUMED -> {
                eventType = "SourceResumed";
                id = "resumed:" + aggregate + ":" + s.noProgressSince;
                payload = SourceResumed.newBuilder().setTopic(s.topic).setPartition(s.partition).setGroupId(s.groupId)
                        .setEndOffset(s.endOffset).setCommittedOffset(committed).setLag(s.lag)
                        .setNoProgressSince(Instant.ofEpochMilli(s.noProgressSince))
                        .setObservedAt(Instant.ofEpochMilli(s.observedAt)).build();
            }
            default -> throw new IllegalStateException("unknown signal kind " + s.kind);
        }
        return EventEnvelope.newBuilder()
                .setEventId(id)
                .setEventType(eventType)
                .setAggregateType(AppliedEventAudit.TECHNICAL)
                .setAggregateId(aggregate)
                .setSequenceNumber(null)
                // an observation of the broker now: wall-clock time, unlike the audit stream's log time
                .setTimestamp(Instant.ofEpochMilli(s.observedAt))
                .setVersion(PAYLOAD_VERSION)
                .setPayload(payload)
                .build();
    }
}
