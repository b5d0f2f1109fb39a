package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventline query customer ID}: one customer_orders row. */
@Command(name = "customer", description = "One customer_orders row.")
final class CustomerQuery extends ReadModelQuery {

    @Parameters(index = "0", paramLabel = "CUSTOMER_ID")
    String customerId;

    @Override
    public Integer call() throws Exception {
        try (ReadModelQueries queries = db.open()) {
            Optional<Map<String, Object>> row = queries.customer(customerId);
            if (row.isEmpty()) {
                return notFound("customer " + customerId + " not found");
            }
            Output.printRow(out(), row.get(), format.json);
            return ExitCodes.FOUND;
        }
    }
}
