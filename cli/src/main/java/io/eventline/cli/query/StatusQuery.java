package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code eventline query status}: the projection_status table. */
@Command(name = "status",
        description = "projection_status: per projection, last event time applied, lag and events applied.")
final class StatusQuery extends ReadModelQuery {

    @CommandLine.Option(names = "--outbox-jdbc-url", paramLabel = "URL",
            description = "Also print the transactional outbox's lag from this PostgreSQL database (same credentials).")
    String outboxJdbcUrl;

    @Override
    public Integer call() throws Exception {
        if (outboxJdbcUrl != null) {
            Output.printRow(out(), OutboxLag.read(outboxJdbcUrl, db.credentials()), format.json);
        }
        try (ReadModelQueries queries = db.open()) {
            List<Map<String, Object>> rows = queries.status();
            if (rows.isEmpty()) {
                return notFound("no projection status yet");
            }
            Output.printRows(out(), rows,
                    ReadModelQueries.names(ReadModelQueries.PROJECTION_STATUS), format.json);
            return ExitCodes.FOUND;
        }
    }
}
