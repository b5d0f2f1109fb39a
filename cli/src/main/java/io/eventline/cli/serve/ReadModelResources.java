package io.eventline.cli.serve;

import io.eventline.cli.Output;
import io.eventline.cli.query.ReadModelQueries;
import io.eventline.cli.query.ReadYourWrites;
import io.eventline.contracts.SqlDialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The API's reads: orders (with read-your-writes), customers and projection status, over the CLI's own
 * {@link ReadModelQueries}. Each read borrows a pooled connection and gives it back at once, so a request that
 * waits for a sequence number holds a thread but no connection between its polls.
 */
final class ReadModelResources {

    static final String ORDER_PROJECTION = "order_summary";
    static final String CUSTOMER_PROJECTION = "customer_orders";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Duration maxWait;

    ReadModelResources(DataSource dataSource, SqlDialect dialect, Duration maxWait) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.maxWait = maxWait;
    }

    /**
     * 200 with the row once it is there (and at {@code minSequence}); without {@code minSequence}, 404 when the
     * order is not there (after {@code wait}); with it, 202 when the order is absent or behind once {@code wait}
     * has run out: the write is accepted upstream but not visible yet.
     */
    ApiResponse order(ApiRequest request) throws Exception {
        Long minSequence = request.positiveLong("minSequence");
        Duration wait = request.duration("wait", maxWait);
        ReadYourWrites.Outcome outcome = ReadYourWrites.await(() -> {
            try (ReadModelQueries queries = queries()) {
                return queries.order(request.id);
            }
        }, minSequence, wait);
        ApiResponse response;
        if (outcome.visible()) {
            response = ApiResponse.json(200, Output.jsonValues(outcome.row().get()));
        } else if (minSequence == null) {
            throw ApiError.notFound("order " + request.id + " not found");
        } else {
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("status", "pending");
            pending.put("order_id", request.id);
            pending.put("min_sequence", minSequence);
            pending.put("last_sequence", outcome.row().map(ReadYourWrites::lastSequence).orElse(null));
            pending.put("waited_ms", wait.toMillis());
            response = ApiResponse.json(202, pending).header("Retry-After", "1");
        }
        return Freshness.headers(response, status(), ORDER_PROJECTION);
    }

    /** 200 with the customer_orders row, 404 when there is none. */
    ApiResponse customer(ApiRequest request) throws Exception {
        Map<String, Object> row;
        try (ReadModelQueries queries = queries()) {
            row = queries.customer(request.id)
                    .orElseThrow(() -> ApiError.notFound("customer " + request.id + " not found"));
        }
        return Freshness.headers(ApiResponse.json(200, Output.jsonValues(row)), status(), CUSTOMER_PROJECTION);
    }

    /** 200 with every projection_status row (an empty list before the first event). */
    ApiResponse statusRows(ApiRequest request) throws Exception {
        return ApiResponse.json(200, status().stream().map(Output::jsonValues).toList());
    }

    List<Map<String, Object>> status() throws SQLException {
        try (ReadModelQueries queries = queries()) {
            return queries.status();
        }
    }

    private ReadModelQueries queries() throws SQLException {
        return new ReadModelQueries(dataSource.getConnection(), dialect);
    }
}
