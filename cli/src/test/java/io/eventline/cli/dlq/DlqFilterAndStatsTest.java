package io.eventline.cli.dlq;

import static io.eventline.cli.dlq.DlqRecords.T0;
import static io.eventline.cli.dlq.DlqRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlqFilterAndStatsTest {

    static final List<DlqRecord> RECORDS = List.of(
            record(0, "deserialize", "malformed", null, null, null, T0.plusSeconds(10)),
            record(1, "order", "gap-timeout", "ord-1", 1L, null, T0.plusSeconds(20)),
            record(2, "project", "unknown-aggregate", "ord-1", 2L, "PaymentAuthorized", T0.plusSeconds(30)),
            record(3, "project", "unknown-aggregate", "ord-1", 3L, "OrderShipped", T0.plus(Duration.ofMinutes(70))),
            record(4, "order", "late-after-skip", "ord-1", 1L, "OrderPlaced", T0.plus(Duration.ofMinutes(80))),
            record(5, "project", "illegal-transition", "ord-2", 4L, "OrderShipped", T0.plus(Duration.ofHours(3))));

    static List<Long> offsets(DlqFilter filter) {
        return filter.apply(RECORDS).stream().map(DlqRecord::offset).toList();
    }

    @Test
    void filtersByReasonStageAggregateTimeAndLimit() {
        assertThat(offsets(DlqFilter.ALL)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(offsets(new DlqFilter(Set.of("unknown-aggregate", "late-after-skip"), Set.of(), null, null, null, null)))
                .containsExactly(2L, 3L, 4L);
        assertThat(offsets(new DlqFilter(Set.of(), Set.of("order"), null, null, null, null))).containsExactly(1L, 4L);
        assertThat(offsets(new DlqFilter(Set.of(), Set.of("project"), "ord-1", null, null, null))).containsExactly(2L, 3L);
        // from inclusive, to exclusive
        assertThat(offsets(new DlqFilter(Set.of(), Set.of(), null, T0.plusSeconds(20), T0.plus(Duration.ofMinutes(80)), null)))
                .containsExactly(1L, 2L, 3L);
        assertThat(offsets(new DlqFilter(Set.of(), Set.of(), null, T0.plus(Duration.ofHours(3)), null, null)))
                .containsExactly(5L);
        assertThat(offsets(new DlqFilter(Set.of("unknown-aggregate", "illegal-transition"), Set.of(), null, null, null, 2)))
                .containsExactly(2L, 3L);
        assertThat(offsets(new DlqFilter(Set.of("conflict"), Set.of(), null, null, null, null))).isEmpty();
    }

    @Test
    void rejectsAnEmptyTimeRangeAndANonPositiveLimit() {
        assertThatThrownBy(() -> new DlqFilter(Set.of(), Set.of(), null, T0, T0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--from must be before --to");
        assertThatThrownBy(() -> new DlqFilter(Set.of(), Set.of(), null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limit");
    }

    @Test
    void countsByReasonStageEventTypeAndHour() {
        DlqStats stats = DlqStats.of(RECORDS);
        assertThat(stats.total()).isEqualTo(6);
        assertThat(stats.byReason()).containsExactly(Map.entry("gap-timeout", 1L), Map.entry("illegal-transition", 1L),
                Map.entry("late-after-skip", 1L), Map.entry("malformed", 1L), Map.entry("unknown-aggregate", 2L));
        assertThat(stats.byStage()).containsExactly(Map.entry("deserialize", 1L), Map.entry("order", 2L),
                Map.entry("project", 3L));
        assertThat(stats.byEventType()).containsExactly(Map.entry("(none)", 2L), Map.entry("OrderPlaced", 1L),
                Map.entry("OrderShipped", 2L), Map.entry("PaymentAuthorized", 1L));
        assertThat(stats.byHour()).containsExactly(Map.entry("2026-11-26T09:00:00Z", 3L),
                Map.entry("2026-11-26T10:00:00Z", 2L), Map.entry("2026-11-26T12:00:00Z", 1L));
        assertThat(stats.oldest()).isEqualTo(T0.plusSeconds(10));
        assertThat(stats.newest()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    @Test
    void statsOfAnEmptyDlq() {
        DlqStats stats = DlqStats.of(List.of());
        assertThat(stats.total()).isZero();
        assertThat(stats.byReason()).isEmpty();
        assertThat(stats.oldest()).isNull();
        assertThat(stats.newest()).isNull();
    }

    @Test
    void plansOneAggregateInSequenceOrderSkippingReplayedDuplicatesAndGapRecords() {
        DlqRecord dupOf3 = record(6, "project", "unknown-aggregate", "ord-1", 3L, "OrderShipped", T0.plusSeconds(90));
        List<DlqRecord> selected = new java.util.ArrayList<>(RECORDS);
        selected.add(dupOf3);
        ReplayPlan plan = ReplayPlan.of(selected, Set.of("0:0"));

        assertThat(plan.send()).extracting(DlqRecord::position).containsExactly("0:4", "0:2", "0:3", "0:5");
        assertThat(plan.duplicates()).hasSize(1);
        assertThat(plan.duplicates().get(dupOf3).position()).isEqualTo("0:3");
        assertThat(plan.alreadyReplayed()).extracting(DlqRecord::position).containsExactly("0:0");
        assertThat(plan.notReplayable()).extracting(DlqRecord::position).containsExactly("0:1");

        ReplayPlan again = ReplayPlan.of(selected, Set.of("0:0", "0:2", "0:3", "0:4", "0:5", "0:6"));
        assertThat(again.send()).isEmpty();
        assertThat(again.duplicates()).isEmpty();
        assertThat(again.alreadyReplayed()).hasSize(6);
    }

    @Test
    void listsParkedAggregatesUntilUnparkedOrTheirGapIsReplayed() {
        Instant parkedAt = T0.plusSeconds(5);
        List<DlqRecord> dlq = List.of(
                record(0, "order", "gap-timeout", "ord-1", 2L, null, parkedAt),
                record(1, "order", "parked", "ord-1", 4L, "OrderDelivered", T0.plusSeconds(6)),
                record(2, "order", "gap-timeout", "ord-2", 2L, null, parkedAt),
                record(3, "order", "parked", "ord-2", 2L, "PaymentAuthorized", T0.plusSeconds(7)),
                record(4, "order", "gap-timeout", "ord-3", 5L, null, parkedAt));

        List<ParkedAggregates.Parked> parked = ParkedAggregates.of(dlq, Set.of(), Map.of());
        assertThat(parked).extracting(ParkedAggregates.Parked::aggregateId, ParkedAggregates.Parked::firstMissing,
                ParkedAggregates.Parked::parkedEvents)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ord-1", 2L, 1),
                        org.assertj.core.api.Assertions.tuple("ord-2", 2L, 1),
                        org.assertj.core.api.Assertions.tuple("ord-3", 5L, 0));

        // ord-1 unparked after the park, ord-2's missing event replayed, ord-3 unparked before it parked again
        parked = ParkedAggregates.of(dlq, Set.of("0:3"),
                Map.of("ord-1", parkedAt.plusSeconds(1), "ord-3", parkedAt.minusSeconds(1)));
        assertThat(parked).extracting(ParkedAggregates.Parked::aggregateId).containsExactly("ord-3");
    }
}
