package io.eventline.cli.dlq;

import io.eventline.contracts.OrderingReasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parked aggregates, from the DLQ alone (the job keeps no status table of them): an aggregate is parked by its
 * latest park record (a {@code gap-timeout} dead letter whose message starts with
 * {@value OrderingReasons#PARK_MESSAGE}, with
 * the first missing sequence number), unless since then
 * <ul>
 *   <li>an UNPARK command for it was written to the control topic (record time after the park), or
 *   <li>its {@code parked} dead letter with the missing number was replayed (a replay of the missing event
 *       resumes the aggregate, see {@code OrderingFunction}).
 * </ul>
 */
public final class ParkedAggregates {

    private ParkedAggregates() {}

    /**
     * @param parkedAt failure time of the park record
     * @param firstMissing the sequence number the aggregate waits for
     * @param parkedEvents its {@code parked} dead letters since the park that were not replayed yet
     */
    public record Parked(String aggregateId, Instant parkedAt, long firstMissing, int parkedEvents,
            String parkRecord, List<DlqRecord> toReplay) {}

    /**
     * @param all every record of the DLQ in DLQ order
     * @param replayed positions in the replay log
     * @param lastUnpark per aggregate, the time of its latest UNPARK command
     */
    public static List<Parked> of(List<DlqRecord> all, Set<String> replayed, Map<String, Instant> lastUnpark) {
        Map<String, DlqRecord> parks = new LinkedHashMap<>();
        for (DlqRecord r : all) {
            if (isParkRecord(r)) {
                parks.put(r.aggregateId(), r); // the latest wins: DLQ order is time order within the key's partition
            }
        }
        List<Parked> parked = new ArrayList<>();
        for (DlqRecord park : parks.values()) {
            String aggregate = park.aggregateId();
            Instant unparked = lastUnpark.get(aggregate);
            if (unparked != null && unparked.isAfter(park.failedAt())) {
                continue;
            }
            long firstMissing = park.sequence() == null ? 0 : park.sequence();
            boolean gapReplayed = false;
            List<DlqRecord> toReplay = new ArrayList<>();
            for (DlqRecord r : all) {
                if (!aggregate.equals(r.aggregateId()) || !OrderingReasons.PARKED.equals(r.reason())
                        || r.partition() != park.partition() || r.offset() < park.offset()) {
                    continue;
                }
                if (replayed.contains(r.position())) {
                    gapReplayed |= r.sequence() != null && r.sequence() == firstMissing;
                } else {
                    toReplay.add(r);
                }
            }
            if (!gapReplayed) {
                parked.add(new Parked(aggregate, park.failedAt(), firstMissing, toReplay.size(), park.position(),
                        toReplay));
            }
        }
        return parked;
    }

    static boolean isParkRecord(DlqRecord r) {
        return OrderingReasons.GAP_TIMEOUT.equals(r.reason()) && r.aggregateId() != null
                && r.letter().getMessage() != null && r.letter().getMessage().startsWith(OrderingReasons.PARK_MESSAGE);
    }
}
