package io.eventline.jobs.orders;

import io.eventline.common.sink.ExistingRows;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.SqlDialect;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a job start without restored state over read-model tables that already hold rows (issue 10): such a
 * start recomputes rows from version 1, which the version guard would drop as stale. Checked in {@code main}
 * before submission, where "without restored state" means no {@code execution.state-recovery.path} (the
 * {@code -s} savepoint or retained checkpoint of {@code flink run}). Failover restarts inside a running job never
 * pass through {@code main} and restore their checkpoint, so they are not affected.
 */
final class ReadModelStartGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelStartGuard.class);

    static final List<String> TABLES = List.of(ReadModelTables.ORDER_SUMMARY.table(),
            ReadModelTables.CUSTOMER_ORDERS.table(), ReadModelTables.PROJECTION_STATUS.table());

    private ReadModelStartGuard() {}

    /** @throws IllegalStateException with a one-line message when the start must not go on */
    static void check(ReadableConfig flink, JobOptions options, JdbcSinkSettings readModels) throws SQLException {
        String restoredFrom = flink.get(StateRecoveryOptions.SAVEPOINT_PATH);
        if (restoredFrom != null && !restoredFrom.isBlank()) {
            return;
        }
        if (options.rebuildReadModels) {
            LOG.warn("--rebuild-read-models: emptying {} at {} before a start without state", TABLES,
                    SqlDialect.redactUrl(readModels.url()));
            ExistingRows.empty(readModels, TABLES);
            return;
        }
        List<String> nonEmpty = ExistingRows.nonEmpty(readModels, TABLES);
        if (nonEmpty.isEmpty()) {
            return;
        }
        if (options.allowExistingRows) {
            LOG.warn("--allow-existing-rows: starting without state over rows in {}", nonEmpty);
            return;
        }
        throw new IllegalStateException("refusing to start without restored state: " + String.join(", ", nonEmpty)
                + " at " + SqlDialect.redactUrl(readModels.url()) + " already hold rows; restore a savepoint or"
                + " checkpoint (flink run -s PATH), or pass --rebuild-read-models (empty and rebuild them) or"
                + " --allow-existing-rows (keep them)");
    }
}
