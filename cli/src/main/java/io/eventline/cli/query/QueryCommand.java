package io.eventline.cli.query;

import io.eventline.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code eventline query order|customer|status|saga|sagas}: reads the read-model tables. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Read the order read models (order_summary, customer_orders, projection_status) and saga_instance.",
        subcommands = {OrderQuery.class, CustomerQuery.class, StatusQuery.class, SagaQuery.class, SagasQuery.class})
public final class QueryCommand extends CommandGroup {}
