package io.eventline.jobs.orders.audit;

import io.eventline.events.EventApplied;
import io.eventline.events.EventEnvelope;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each event the ordering operator applied into one technical {@code EventApplied} envelope of the audit
 * stream. Stateless: its input is already deduplicated and in order, so one input is one audit record.
 *
 * <p>The audit envelope's eventId is derived from the applied event's ({@code audit:<job>:<eventId>}), so a
 * consumer can deduplicate by it even outside the exactly-once transactions; its timestamp is the log time of
 * the record that let the event be applied (the ordering operator's output timestamp), never the wall clock, so a
 * replay of the same records writes the same audit records.
 */
public final class AppliedEventAudit extends ProcessFunction<EventEnvelope, EventEnvelope> {

    private static final long serialVersionUID = 1L;

    public static final String EVENT_TYPE = "EventApplied";
    /** The {@code technical} event kind: aggregateType of every technical event. */
    public static final String TECHNICAL = "Technical";
    /** Version of the EventApplied payload. */
    static final String PAYLOAD_VERSION = "1.0";

    private final String jobName;
    private final String jobVersion;

    public AppliedEventAudit(String jobName, String jobVersion) {
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.jobVersion = Objects.requireNonNull(jobVersion, "jobVersion");
    }

    @Override
    public void processElement(EventEnvelope event, Context ctx, Collector<EventEnvelope> out) {
        Long recordTime = ctx.timestamp();
        out.collect(of(event, recordTime != null ? recordTime : event.getTimestamp().toEpochMilli()));
    }

    EventEnvelope of(EventEnvelope event, long appliedAt) {
        EventApplied applied = EventApplied.newBuilder()
                .setEventId(event.getEventId())
                .setEventType(event.getEventType())
                .setAggregateType(event.getAggregateType())
                .setAggregateId(event.getAggregateId())
                .setSequenceNumber(event.getSequenceNumber())
                .setCausationId(event.getCausationId())
                .setCorrelationId(event.getCorrelationId())
                .setAppliedAt(Instant.ofEpochMilli(appliedAt))
                .setJobName(jobName)
                .setJobVersion(jobVersion)
                .build();
        return EventEnvelope.newBuilder()
                .setEventId("audit:" + jobName + ":" + event.getEventId())
                .setEventType(EVENT_TYPE)
                .setAggregateType(TECHNICAL)
                // one technical aggregate per job: its audit records share a key, hence a partition and an order
                .setAggregateId(jobName)
                .setSequenceNumber(null)
                .setTimestamp(Instant.ofEpochMilli(appliedAt))
                .setVersion(PAYLOAD_VERSION)
                // the audited event caused this record and keeps its correlation
                .setCausationId(event.getEventId())
                .setCorrelationId(event.getCorrelationId())
                .setPayload(applied)
                .build();
    }
}
