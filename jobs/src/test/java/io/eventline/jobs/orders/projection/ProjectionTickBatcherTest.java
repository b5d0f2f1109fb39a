package io.eventline.jobs.orders.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ProjectionTickBatcherTest {

    private static final Instant T0 = Instant.parse("2025-06-28T10:00:00Z");

    private static OneInputStreamOperatorTestHarness<ProjectionTick, ProjectionTick> harness() throws Exception {
        OneInputStreamOperatorTestHarness<ProjectionTick, ProjectionTick> h =
                new OneInputStreamOperatorTestHarness<>(new ProjectionTickBatcher(200));
        h.setup(TypeInformation.of(ProjectionTick.class).createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        return h;
    }

    private static List<String> emitted(OneInputStreamOperatorTestHarness<ProjectionTick, ProjectionTick> h) {
        return h.extractOutputValues().stream().map(t -> t.projection + "|" + t.count + "|" + t.eventTime).toList();
    }

    @Test
    void sumsTicksPerProjectionUntilTheIntervalEnds() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            h.processElement(ProjectionTick.of("order_summary", T0.plusSeconds(5)), 0);
            h.processElement(ProjectionTick.of("order_summary", T0.plusSeconds(3)), 0);
            h.processElement(ProjectionTick.of("customer_orders", T0), 0);
            h.processElement(ProjectionTick.of("order_summary", T0.plusSeconds(9)), 0);
            h.setProcessingTime(1_199);
            assertThat(h.extractOutputValues()).isEmpty();

            h.setProcessingTime(1_200);
            assertThat(emitted(h)).containsExactly("order_summary|3|" + T0.plusSeconds(9), "customer_orders|1|" + T0);

            h.processElement(ProjectionTick.of("order_summary", T0.plusSeconds(10)), 0);
            h.setProcessingTime(1_400);
            assertThat(emitted(h)).hasSize(3).endsWith("order_summary|1|" + T0.plusSeconds(10));
            assertThat(h.getProcessingTimeService().getNumActiveTimers()).isZero();
        }
    }

    @Test
    void flushesBeforeTheBarrierSoNothingIsLeftInTheSnapshot() throws Exception {
        try (var h = harness()) {
            h.processElement(ProjectionTick.of("order_summary", T0), 0);
            h.processElement(ProjectionTick.of("order_summary", T0.plusSeconds(1)), 0);
            h.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState snapshot = h.snapshot(1, 0);
            assertThat(emitted(h)).containsExactly("order_summary|2|" + T0.plusSeconds(1));
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getManagedKeyedState()).isEmpty();
        }
    }

    @Test
    void flushesAtEndOfInput() throws Exception {
        try (var h = harness()) {
            h.processElement(ProjectionTick.of("customer_orders", T0), 0);
            h.endInput();
            assertThat(emitted(h)).containsExactly("customer_orders|1|" + T0);
        }
    }

    @Test
    void aBatchedTickCountsAllItsEventsInTheStatusRow() {
        ProjectionStatusRow one = ProjectionStatusProjection.apply(null, ProjectionTick.of("order_summary", T0, 3), T0);
        ProjectionStatusRow two = ProjectionStatusProjection.apply(one, ProjectionTick.of("order_summary", T0, 2), T0);
        assertThat(two.eventsApplied).isEqualTo(5);
        assertThat(two.version).isEqualTo(5);
    }
}
