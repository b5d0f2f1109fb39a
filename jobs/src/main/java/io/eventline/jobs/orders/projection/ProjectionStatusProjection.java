package io.eventline.jobs.orders.projection;

import java.time.Instant;

/** The {@code projection_status} row as a pure function of ticks and the current time. */
public final class ProjectionStatusProjection {

    private ProjectionStatusProjection() {}

    /**
     * @param row the projection's row, {@code null} before the first tick; never modified
     * @param now processing time of this update
     */
    public static ProjectionStatusRow apply(ProjectionStatusRow row, ProjectionTick tick, Instant now) {
        ProjectionStatusRow next = row == null ? new ProjectionStatusRow() : row.copy();
        next.projection = tick.projection;
        if (next.lastEventAt == null || tick.eventTime.isAfter(next.lastEventAt)) {
            next.lastEventAt = tick.eventTime;
        }
        next.updatedAt = now;
        next.lagMs = Math.max(0, now.toEpochMilli() - next.lastEventAt.toEpochMilli());
        next.eventsApplied += 1;
        next.version += 1;
        return next;
    }
}
