package io.eventline.cli.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The selection of {@code dlq list} and {@code dlq replay}: every given criterion must hold. Reasons and stages
 * match any of the given codes; {@code from} is inclusive and {@code to} exclusive, on the dead letter's
 * {@code failedAt}; {@code limit} keeps the first matches in DLQ order (partition, then offset).
 */
public record DlqFilter(Set<String> reasons, Set<String> stages, String aggregateId, Instant from, Instant to,
        Integer limit) {

    public static final DlqFilter ALL = new DlqFilter(Set.of(), Set.of(), null, null, null, null);

    public DlqFilter {
        reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
        stages = stages == null ? Set.of() : Set.copyOf(stages);
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1: " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to: " + from + " / " + to);
        }
    }

    public boolean matches(DlqRecord record) {
        if (!reasons.isEmpty() && !reasons.contains(record.reason())) {
            return false;
        }
        if (!stages.isEmpty() && !stages.contains(record.stage())) {
            return false;
        }
        if (aggregateId != null && !aggregateId.equals(record.aggregateId())) {
            return false;
        }
        Instant at = record.failedAt();
        if (from != null && (at == null || at.isBefore(from))) {
            return false;
        }
        return to == null || (at != null && at.isBefore(to));
    }

    /** The matching records, in the given order, at most {@code limit}. */
    public List<DlqRecord> apply(List<DlqRecord> records) {
        List<DlqRecord> selected = new ArrayList<>();
        for (DlqRecord record : records) {
            if (limit != null && selected.size() >= limit) {
                break;
            }
            if (matches(record)) {
                selected.add(record);
            }
        }
        return selected;
    }
}
