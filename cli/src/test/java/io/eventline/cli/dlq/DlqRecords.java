package io.eventline.cli.dlq;

import io.eventline.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;

/** Small DLQ records for unit tests. */
final class DlqRecords {

    static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    private DlqRecords() {}

    static DlqRecord record(long offset, String stage, String reason, String aggregate, Long sequence, String eventType,
            Instant failedAt) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason)
                .setMessage(reason.equals("gap-timeout") ? "aggregate parked: sequence number 2 missing" : "failed")
                .setJobName("job")
                .setHeaders(new ArrayList<>())
                .setAggregateId(aggregate)
                .setSequenceNumber(sequence)
                .setEventType(eventType)
                .setEventId(aggregate == null || sequence == null ? null : aggregate + "-" + sequence)
                .setValue(reason.equals("gap-timeout") ? null : ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setFailedAt(failedAt)
                .build();
        return new DlqRecord("orders.dlq", 0, offset, failedAt.toEpochMilli(), letter, null);
    }
}
