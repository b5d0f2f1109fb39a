package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import io.eventline.cli.OutputFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eventline query status}: the projection_status table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "projection_status: per projection, last event time applied, lag and events applied.")
final class StatusQuery implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Mixin
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        try (ReadModelQueries queries = db.open()) {
            List<Map<String, Object>> rows = queries.status();
            if (rows.isEmpty()) {
                spec.commandLine().getErr().println("no projection status yet");
                return ExitCodes.NOT_FOUND;
            }
            Output.printRows(spec.commandLine().getOut(), rows,
                    ReadModelQueries.names(ReadModelQueries.PROJECTION_STATUS), format.json);
            return ExitCodes.FOUND;
        }
    }
}
