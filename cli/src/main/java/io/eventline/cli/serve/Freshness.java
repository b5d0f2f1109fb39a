package io.eventline.cli.serve;

import java.util.List;
import java.util.Map;

/**
 * The freshness of what a response shows, from the projection's {@code projection_status} row: the occurrence time
 * of the last event it applied and its processing lag then. A client sees how far behind the read model may be.
 */
final class Freshness {

    static final String LAST_EVENT_AT = "Eventline-Last-Event-At";
    static final String LAG_MS = "Eventline-Lag-Ms";

    private Freshness() {}

    /** Adds the headers of {@code projection} when it has a status row (none before its first event). */
    static ApiResponse headers(ApiResponse response, List<Map<String, Object>> status, String projection) {
        for (Map<String, Object> row : status) {
            if (projection.equals(row.get("projection"))) {
                response.header(LAST_EVENT_AT, String.valueOf(row.get("last_event_at")));
                response.header(LAG_MS, String.valueOf(row.get("lag_ms")));
            }
        }
        return response;
    }
}
