package io.eventline.cli.dlq;

import io.eventline.cli.codec.WireFormat;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A dead letter as the rows {@code dlq list} (a summary) and {@code dlq show} (everything) print. */
final class DeadLetterRows {

    static final List<String> SUMMARY_COLUMNS = List.of("position", "failed_at", "stage", "reason", "aggregate_id",
            "sequence", "event_type", "event_id", "attempt", "replayed", "message");

    private static final int SHORT_MESSAGE = 80;

    private DeadLetterRows() {}

    /** @param fullMessage whether to keep a long message whole (JSON) or cut it for a table */
    static Map<String, Object> summary(DlqRecord r, Set<String> replayed, boolean fullMessage) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("position", r.position());
        row.put("failed_at", r.failedAt());
        row.put("stage", r.stage());
        row.put("reason", r.reason());
        row.put("aggregate_id", r.aggregateId());
        row.put("sequence", r.sequence());
        row.put("event_type", r.eventType());
        row.put("event_id", r.eventId());
        row.put("attempt", r.letter().getAttempt());
        row.put("replayed", replayed.contains(r.position()));
        String message = r.letter().getMessage();
        row.put("message", fullMessage || message == null || message.length() <= SHORT_MESSAGE
                ? message : message.substring(0, SHORT_MESSAGE - 3) + "...");
        return row;
    }

    static Map<String, Object> details(DlqRecord r, Set<String> replayed, WireFormat wireFormat) {
        DeadLetter l = r.letter();
        Map<String, Object> row = summary(r, replayed, true);
        row.put("exception", l.getExceptionClass());
        row.put("job", l.getJobName());
        row.put("source", l.getSourceTopic() == null ? null
                : l.getSourceTopic() + " partition " + l.getPartition() + " offset " + l.getOffset());
        row.put("record_timestamp", l.getRecordTimestamp());
        byte[] key = Replayer.bytes(l.getKey());
        row.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
        List<String> headers = new ArrayList<>();
        for (RecordHeader h : l.getHeaders()) {
            byte[] v = Replayer.bytes(h.getValue());
            headers.add(h.getKey() + "=" + (v == null ? "" : new String(v, StandardCharsets.UTF_8)));
        }
        row.put("headers", String.join(", ", headers));
        OriginalValue original = OriginalValue.of(Replayer.bytes(l.getValue()), wireFormat);
        row.put("value_format", original.format());
        row.put("original", original.text());
        if (r.decodeError() != null) {
            row.put("decode_error", r.decodeError());
        }
        row.put("stack_trace", l.getStackTrace());
        return row;
    }
}
