package io.eventline.jobs.orders.projection;

import java.time.Instant;

/** One event applied by a projection; feeds {@code projection_status}. */
public class ProjectionTick {
    public String projection;
    public Instant eventTime;

    public ProjectionTick() {}

    public static ProjectionTick of(String projection, Instant eventTime) {
        ProjectionTick t = new ProjectionTick();
        t.projection = projection;
        t.eventTime = eventTime;
        return t;
    }
}
