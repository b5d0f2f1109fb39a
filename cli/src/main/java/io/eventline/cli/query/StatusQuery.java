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

    @Override
    public Integer call() throws Exception {
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
