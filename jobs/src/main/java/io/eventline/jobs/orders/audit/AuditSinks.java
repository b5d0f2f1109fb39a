package io.eventline.jobs.orders.audit;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.UpsertTable;
import io.eventline.events.EventApplied;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The audit stream's sinks: the exactly-once audit topic and the optional {@code event_audit} table. */
public final class AuditSinks {

    public static final String DDL_SCRIPT = "002_event_audit.sql";

    /**
     * Keyed by (job_name, event_id), always version 1: the version-guarded upsert writes a row once and leaves it
     * alone when a replay after a restart writes it again.
     */
    public static final UpsertTable<EventEnvelope> EVENT_AUDIT = UpsertTable.of(
            "event_audit",
            List.of("job_name", "event_id"),
            List.of("job_name", "event_id", "event_type", "aggregate_type", "aggregate_id", "sequence_number",
                    "causation_id", "correlation_id", "applied_at", "job_version", "version"),
            audit -> applied(audit).getJobName() + "\u0000" + applied(audit).getEventId(),
            audit -> 1L,
            (ps, audit, dialect) -> {
                EventApplied a = applied(audit);
                ps.setString(1, a.getJobName());
                ps.setString(2, a.getEventId());
                ps.setString(3, a.getEventType());
                ps.setString(4, a.getAggregateType());
                ps.setString(5, a.getAggregateId());
                ps.setObject(6, a.getSequenceNumber(), java.sql.Types.BIGINT);
                ps.setString(7, a.getCausationId());
                ps.setString(8, a.getCorrelationId());
                dialect.setInstant(ps, 9, a.getAppliedAt());
                ps.setString(10, a.getJobVersion());
                ps.setLong(11, 1L);
            });

    private AuditSinks() {}

    /**
     * Exactly once: the audit records of a checkpoint are committed in one Kafka transaction with it, so a
     * read_committed reader sees each applied event once across restarts (what was applied after the last
     * checkpoint is aborted and applied again).
     */
    public static KafkaSink<EventEnvelope> topic(JobOptions options, RegistryConfig registry) {
        return KafkaSink.<EventEnvelope>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setRecordSerializer(OrderEnvelopes.serializer(registry, options.auditTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.jobName + "-audit")
                // above any checkpoint interval plus a restart, and at the broker's default transaction.max.timeout.ms
                .setProperty("transaction.timeout.ms", "900000")
                .build();
    }

    /** Version-guarded upserts into {@code event_audit} of the read-model database. */
    public static MergingUpsertSink<EventEnvelope> table(JdbcSinkSettings readModels) {
        return new MergingUpsertSink<>(EVENT_AUDIT, readModels, List.of(SqlScripts.load(
                AuditSinks.class.getClassLoader(), "sql/" + readModels.dialect().scriptFolder() + "/" + DDL_SCRIPT)));
    }

    private static EventApplied applied(EventEnvelope audit) {
        return (EventApplied) audit.getPayload();
    }
}
