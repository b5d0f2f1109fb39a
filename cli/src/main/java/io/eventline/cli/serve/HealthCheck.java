package io.eventline.cli.serve;

import io.eventline.cli.Output;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: the job's freshness as the read models record it. 200 {@code UP} when every projection's
 * lag (at its last applied event) is within {@code --max-lag}; 503 {@code LAGGING} when one is not, 503
 * {@code NO_DATA} before any projection has applied an event, 503 {@code DOWN} when the database cannot be read.
 */
final class HealthCheck {

    private final ReadModelResources readModels;
    private final Duration maxLag;

    HealthCheck(ReadModelResources readModels, Duration maxLag) {
        this.readModels = readModels;
        this.maxLag = maxLag;
    }

    ApiResponse health(ApiRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("max_lag_ms", maxLag.toMillis());
        List<Map<String, Object>> status;
        try {
            status = readModels.status();
        } catch (SQLException e) {
            body.put("message", "read models unreadable: " + e.getMessage());
            return ApiResponse.json(503, body);
        }
        boolean lagging = status.stream().anyMatch(row -> (Long) row.get("lag_ms") > maxLag.toMillis());
        String state = status.isEmpty() ? "NO_DATA" : lagging ? "LAGGING" : "UP";
        body.put("status", state);
        body.put("projections", status.stream().map(Output::jsonValues).toList());
        return ApiResponse.json(state.equals("UP") ? 200 : 503, body);
    }
}
