package io.eventline.common.sink;

import java.util.List;

/** A snapshot row that names the last event applied to it, for the version-conflict check. */
public class EventRow {
    public String id;
    public String lastEventId;
    public long version;

    public static EventRow of(String id, String lastEventId, long version) {
        EventRow r = new EventRow();
        r.id = id;
        r.lastEventId = lastEventId;
        r.version = version;
        return r;
    }

    public static final UpsertTable<EventRow> TABLE = UpsertTable.<EventRow>of(
            "event_rows",
            List.of("id"),
            List.of("id", "last_event_id", "version"),
            row -> row.id,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.id);
                ps.setString(2, row.lastEventId);
                ps.setLong(3, row.version);
            }).withIdentity("last_event_id", row -> row.lastEventId);

    public static final String DDL = "CREATE TABLE IF NOT EXISTS event_rows (id TEXT PRIMARY KEY NOT NULL,"
            + " last_event_id TEXT NOT NULL, version BIGINT NOT NULL);";

    @Override
    public String toString() {
        return id + "=" + lastEventId + "@v" + version;
    }
}
