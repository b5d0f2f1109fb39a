package io.eventline.outbox.command;

import io.eventline.events.EventEnvelope;
import io.eventline.outbox.EnvelopeCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends an event to the outbox inside the caller's transaction: takes the aggregate's next sequence number
 * (gap-free: a rollback gives it back) and inserts the outbox row. The caller holds the {@link AggregateLock}.
 */
public final class OutboxAppender {

    public static final String VERSION = "1.0";

    private static final String NEXT_SEQUENCE = "INSERT INTO aggregate_sequence AS s (aggregate_type, aggregate_id,"
            + " last_sequence) VALUES (?, ?, 1) ON CONFLICT (aggregate_type, aggregate_id)"
            + " DO UPDATE SET last_sequence = s.last_sequence + 1 RETURNING last_sequence";
    private static final String INSERT = "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence_number,"
            + " event_type, version, payload) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private OutboxAppender() {}

    /** The envelope written (with its sequence number and a new eventId). */
    public static EventEnvelope append(Connection connection, String aggregateType, String aggregateId,
            Object payload, Instant occurredAt, String correlationId) throws SQLException {
        long sequence;
        try (PreparedStatement s = connection.prepareStatement(NEXT_SEQUENCE)) {
            s.setString(1, aggregateType);
            s.setString(2, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                sequence = rs.getLong(1);
            }
        }
        EventEnvelope event = EventEnvelope.newBuilder()
                .setEventId("evt-" + UUID.randomUUID())
                .setEventType(payload.getClass().getSimpleName())
                .setAggregateType(aggregateType)
                .setAggregateId(aggregateId)
                .setSequenceNumber(sequence)
                .setTimestamp(occurredAt)
                .setVersion(VERSION)
                .setCorrelationId(correlationId)
                .setPayload(payload)
                .build();
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            s.setString(1, event.getEventId());
            s.setString(2, aggregateType);
            s.setString(3, aggregateId);
            s.setLong(4, sequence);
            s.setString(5, event.getEventType());
            s.setString(6, VERSION);
            s.setBytes(7, EnvelopeCodec.encode(event));
            s.executeUpdate();
        }
        return event;
    }
}
