package io.eventline.jobs.orders.projection;

import java.time.Instant;
import java.util.Objects;

/** One {@code projection_status} row per projection, and the status operator's keyed state. */
public class ProjectionStatusRow {
    public String projection;
    /** Latest occurrence time among the events applied. */
    public Instant lastEventAt;
    /** Log time of the last update: the latest occurrence time applied (equal to {@code lastEventAt}). */
    public Instant updatedAt;
    /** Processing time of the last update minus {@code lastEventAt}, in milliseconds: the row's only wall-clock value. */
    public long lagMs;
    public long eventsApplied;
    /** Grows by one per applied event, like every read-model row. */
    public long version;

    public ProjectionStatusRow() {}

    public ProjectionStatusRow copy() {
        ProjectionStatusRow r = new ProjectionStatusRow();
        r.projection = projection;
        r.lastEventAt = lastEventAt;
        r.updatedAt = updatedAt;
        r.lagMs = lagMs;
        r.eventsApplied = eventsApplied;
        r.version = version;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProjectionStatusRow)) {
            return false;
        }
        ProjectionStatusRow r = (ProjectionStatusRow) o;
        return lagMs == r.lagMs && eventsApplied == r.eventsApplied && version == r.version
                && Objects.equals(projection, r.projection) && Objects.equals(lastEventAt, r.lastEventAt)
                && Objects.equals(updatedAt, r.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(projection, version);
    }

    @Override
    public String toString() {
        return "ProjectionStatusRow{" + projection + ", lastEventAt=" + lastEventAt + ", updatedAt=" + updatedAt
                + ", lagMs=" + lagMs + ", applied=" + eventsApplied + ", v" + version + "}";
    }
}
