package io.eventline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void theDefaultLogMakesTheGapTimeoutTwoHundredThousandRecords() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.logRate * o.gapTimeout.toSeconds()).isEqualTo(200_000);
        assertThat(o.sourceIdleTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.workload().backlogRate()).isZero();
    }

    @Test
    void theDisplacedBacklogIsRefusedWhereItsDisplacementIsNotWithinHalfAGapTimeout() {
        assertThat(BenchOptions.parse("--displaced-backlog", "0.01").label).isEqualTo("displaced");
        assertThat(BenchOptions.parse("--displaced-backlog", "0.01").workload().backlogDisplacement())
                .isEqualTo(100_000);
        // quick: 5 s at 20,000 records/s is 100,000 records, not twice the displacement
        assertThatThrownBy(() -> BenchOptions.parse("--quick", "--displaced-backlog", "0.01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--log-rate");
        assertThat(BenchOptions.parse("--quick", "--displaced-backlog", "0.01", "--log-rate", "40000").label)
                .isEqualTo("quick-displaced");
    }

    @Test
    void theLargeSizeIsAMillionAggregates() {
        BenchOptions o = BenchOptions.parse("--large");
        assertThat(o.aggregates).isEqualTo(1_000_000);
        assertThat(o.events).isEqualTo(10_000_000);
        assertThat(o.label).isEqualTo("large");
    }

    @Test
    void flinkSettingsAndObjectReuseAreLeverSwitches() {
        BenchOptions o = BenchOptions.parse("--flink", "state.backend.rocksdb.timer-service.factory=ROCKSDB",
                "--no-object-reuse");
        assertThat(o.flinkSettings).containsEntry("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        assertThat(o.noObjectReuse).isTrue();
    }

    @Test
    void backlogTimestampsStepEvenlyAndEndBeforeNow() {
        BacklogLogTime time = new BacklogLogTime(2_000, 10_000, 1_000_000_000L);
        long first = time.next();
        long previous = first;
        for (int i = 1; i < 10_000; i++) {
            long next = time.next();
            assertThat(next).isGreaterThanOrEqualTo(previous);
            previous = next;
        }
        assertThat(previous - first).isEqualTo(4_999); // 0.5 ms per record
        assertThat(previous).isLessThan(1_000_000_000L);
    }
}
