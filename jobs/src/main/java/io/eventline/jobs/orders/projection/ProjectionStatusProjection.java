package io.eventline.jobs.orders.projection;

import java.time.Instant;

/**
 * The {@code projection_status} row as a pure function of ticks and the current time. Everything in the row is
 * log time (event occurrence times) except {@code lag_ms}, the one processing-time value: a run restored from a
 * checkpoint writes the same rows as a run without the crash, apart from the lag.
 */
public final class ProjectionStatusProjection {

    private ProjectionStatusProjection() {}

    /**
     * @param row the projection's row, {@code null} before the first tick; never modified
     * @param now processing time of this update; used for the lag only
     */
    public static ProjectionStatusRow apply(ProjectionStatusRow row, ProjectionTick tick, Instant now) {
        ProjectionStatusRow next = row == null ? new ProjectionStatusRow() : row.copy();
        next.projection = tick.projection;
        if (next.lastEventAt == null || tick.eventTime.isAfter(next.lastEventAt)) {
            next.lastEventAt = tick.eventTime;
        }
        next.updatedAt = next.lastEventAt; // log time, not the wall clock: deterministic across restarts
        next.lagMs = Math.max(0, now.toEpochMilli() - next.lastEventAt.toEpochMilli());
        // A pre-aggregated tick counts all its events: the version still grows with every applied event.
        next.eventsApplied += tick.count;
        next.version += tick.count;
        return next;
    }
}
