package io.eventline.cli.dlq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code dlq replay} run republishes, worked out from the selected dead letters and the replay log.
 *
 * <ul>
 *   <li>{@link #send}: per aggregate in sequence-number order (dead letters without a number after those with
 *       one, by DLQ position), aggregates in the order of their first dead letter. Sequence order matters: a
 *       late OrderPlaced must reach the projection before the shipment it rejected for want of it.
 *   <li>{@link #duplicates}: a second dead letter of an (aggregateId, eventId) already in {@link #send} (the DLQ sink is
 *       at-least-once, and one event can fail more than once): not sent, but recorded as replayed with it.
 *   <li>{@link #alreadyReplayed}: in the replay log: a previous run republished it. This is what makes a
 *       repeated replay republish nothing.
 *   <li>{@link #notReplayable}: nothing to republish (gap records carry no event).
 * </ul>
 */
public record ReplayPlan(List<DlqRecord> send, Map<DlqRecord, DlqRecord> duplicates, List<DlqRecord> alreadyReplayed,
        List<DlqRecord> notReplayable) {

    private static final Comparator<DlqRecord> IN_SEQUENCE = Comparator
            .comparing((DlqRecord r) -> r.sequence() == null ? Long.MAX_VALUE : r.sequence())
            .thenComparingInt(DlqRecord::partition)
            .thenComparingLong(DlqRecord::offset);

    /**
     * @param selected the dead letters the filter selected, in DLQ order
     * @param replayed positions ({@code partition:offset}) in the replay log
     */
    public static ReplayPlan of(List<DlqRecord> selected, Set<String> replayed) {
        List<DlqRecord> already = new ArrayList<>();
        List<DlqRecord> notReplayable = new ArrayList<>();
        Map<String, List<DlqRecord>> byAggregate = new LinkedHashMap<>();
        for (DlqRecord record : selected) {
            if (replayed.contains(record.position())) {
                already.add(record);
            } else if (!record.replayable()) {
                notReplayable.add(record);
            } else {
                String group = record.aggregateId() != null ? "a:" + record.aggregateId() : "p:" + record.position();
                byAggregate.computeIfAbsent(group, g -> new ArrayList<>()).add(record);
            }
        }
        List<DlqRecord> send = new ArrayList<>();
        Map<DlqRecord, DlqRecord> duplicates = new LinkedHashMap<>();
        Set<String> seenIds = new HashSet<>();
        Map<String, DlqRecord> firstById = new HashMap<>();
        for (List<DlqRecord> group : byAggregate.values()) {
            group.sort(IN_SEQUENCE);
            for (DlqRecord record : group) {
                // Identity is per aggregate, as the ordering operator deduplicates: an eventId reused in another
                // aggregate is another event.
                String id = record.eventId() == null ? null : record.aggregateId() + '\u0000' + record.eventId();
                if (id != null && !seenIds.add(id)) {
                    duplicates.put(record, firstById.get(id));
                } else {
                    send.add(record);
                    if (id != null) {
                        firstById.put(id, record);
                    }
                }
            }
        }
        return new ReplayPlan(send, duplicates, already, notReplayable);
    }
}
