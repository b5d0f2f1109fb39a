package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eventline query sagas [--state S] [--overdue]}: saga_instance rows by state. */
@Command(name = "sagas", description = "saga_instance rows, by saga id: all, or those in one state; with"
        + " --overdue only those whose deadline has passed (stuck past their deadline).")
final class SagasQuery extends ReadModelQuery {

    @Option(names = "--state", paramLabel = "STATE",
            description = "RUNNING, COMPENSATING, COMPLETED, COMPENSATED or STUCK.")
    String state;

    @Option(names = "--overdue", description = "Only sagas whose deadline is before now.")
    boolean overdue;

    @Override
    public Integer call() throws Exception {
        if (state != null && !List.of("RUNNING", "COMPENSATING", "COMPLETED", "COMPENSATED", "STUCK").contains(state)) {
            throw usage("--state must be RUNNING, COMPENSATING, COMPLETED, COMPENSATED or STUCK, not " + state);
        }
        try (ReadModelQueries queries = db.open()) {
            Instant now = Instant.now();
            List<Map<String, Object>> rows = queries.sagas(state).stream()
                    .filter(r -> !overdue || (r.get("deadline") instanceof Instant d && d.isBefore(now)))
                    .toList();
            if (rows.isEmpty()) {
                return notFound("no saga" + (state == null ? "" : " in state " + state) + (overdue ? " past its deadline" : ""));
            }
            Output.printRows(out(), rows, ReadModelQueries.names(ReadModelQueries.SAGA_INSTANCE), format.json);
            return ExitCodes.FOUND;
        }
    }
}
