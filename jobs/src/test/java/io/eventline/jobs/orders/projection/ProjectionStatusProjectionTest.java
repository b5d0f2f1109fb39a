package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.NOW;
import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectionStatusProjectionTest {

    @Test
    void keepsTheLatestEventTimeCountsAndLagWithTheWallClockOnlyInTheLag() {
        ProjectionStatusRow row = ProjectionStatusProjection.apply(null, ProjectionTick.of("order_summary", at(10)), NOW);
        row = ProjectionStatusProjection.apply(row, ProjectionTick.of("order_summary", at(5)), NOW);
        ProjectionStatusRow expected = new ProjectionStatusRow();
        expected.projection = "order_summary";
        expected.lastEventAt = at(10);
        expected.updatedAt = at(10); // log time: the same after a restore from a checkpoint
        expected.lagMs = 50 * 60_000L;
        expected.eventsApplied = 2;
        expected.version = 2;
        assertThat(row).isEqualTo(expected);
    }
}
