package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
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
            return queries.saga(sagaId).map(row -> {
                Output.printRow(out(), row, format.json);
                return ExitCodes.FOUND;
            }).orElseGet(() -> notFound("saga " + sagaId + " not found"));
        }
    }
}
