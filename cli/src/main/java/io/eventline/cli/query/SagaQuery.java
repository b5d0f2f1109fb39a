package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventline query saga ID}: one saga_instance row. */
@Command(name = "saga", description = "One saga_instance row: state, current step, attempts, deadline,"
        + " compensation progress, last error.")
final class SagaQuery extends ReadModelQuery {

    @Parameters(index = "0", paramLabel = "SAGA_ID")
    String sagaId;

    @Override
    public Integer call() throws Exception {
        try (ReadModelQueries queries = db.open()) {
            Optional<Map<String, Object>> row = queries.saga(sagaId);
            if (row.isEmpty()) {
                return notFound("saga " + sagaId + " not found");
            }
            Output.printRow(out(), row.get(), format.json);
            return ExitCodes.FOUND;
        }
    }
}
