package io.eventline.jobs.orders.projection;

import java.time.Instant;

/**
 * Events applied by a projection, {@code count} of them (1 from the projection, more once pre-aggregated by
 * {@link ProjectionTickBatcher}), the latest at {@code eventTime}; feeds {@code projection_status}.
 */
public class ProjectionTick {
    public String projection;
    public Instant eventTime;
    public long count = 1;

    public ProjectionTick() {}

    public static ProjectionTick of(String projection, Instant eventTime) {
        return of(projection, eventTime, 1);
    }

    public static ProjectionTick of(String projection, Instant eventTime, long count) {
        ProjectionTick t = new ProjectionTick();
        t.projection = projection;
        t.eventTime = eventTime;
        t.count = count;
        return t;
    }
}
