package io.eventline.cli.query;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import io.eventline.cli.OutputFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventline query customer ID}: one customer_orders row. */
@Command(name = "customer", mixinStandardHelpOptions = true, description = "One customer_orders row.")
final class CustomerQuery implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Mixin
    OutputFormat format;

    @Parameters(index = "0", paramLabel = "CUSTOMER_ID")
    String customerId;

    @Override
    public Integer call() throws Exception {
        try (ReadModelQueries queries = db.open()) {
            Optional<Map<String, Object>> row = queries.customer(customerId);
            if (row.isEmpty()) {
                spec.commandLine().getErr().println("customer " + customerId + " not found");
                return ExitCodes.NOT_FOUND;
            }
            Output.printRow(spec.commandLine().getOut(), row.get(), format.json);
            return ExitCodes.FOUND;
        }
    }
}
