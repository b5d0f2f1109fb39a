package io.eventline.cli.dlq;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of dead letters by reason, stage, event type and hour of failure (UTC, {@code failedAt} truncated to the
 * hour), with the oldest and newest failure. Maps are sorted by key; a missing event type counts as
 * {@value #NONE}.
 */
public record DlqStats(long total, Map<String, Long> byReason, Map<String, Long> byStage,
        Map<String, Long> byEventType, Map<String, Long> byHour, Instant oldest, Instant newest) {

    public static final String NONE = "(none)";

    public static DlqStats of(List<DlqRecord> records) {
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> byEventType = new TreeMap<>();
        Map<String, Long> byHour = new TreeMap<>();
        Instant oldest = null;
        Instant newest = null;
        for (DlqRecord record : records) {
            byReason.merge(record.reason(), 1L, Long::sum);
            byStage.merge(record.stage(), 1L, Long::sum);
            byEventType.merge(record.eventType() == null ? NONE : record.eventType(), 1L, Long::sum);
            Instant at = record.failedAt();
            if (at != null) {
                byHour.merge(at.truncatedTo(ChronoUnit.HOURS).toString(), 1L, Long::sum);
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
                newest = newest == null || at.isAfter(newest) ? at : newest;
            }
        }
        return new DlqStats(records.size(), byReason, byStage, byEventType, byHour, oldest, newest);
    }

    /** As nested maps, for JSON output. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total", total);
        map.put("oldest", oldest == null ? null : oldest.toString());
        map.put("newest", newest == null ? null : newest.toString());
        map.put("byReason", byReason);
        map.put("byStage", byStage);
        map.put("byEventType", byEventType);
        map.put("byHour", byHour);
        return map;
    }
}
