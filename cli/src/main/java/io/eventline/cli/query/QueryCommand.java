package io.eventline.cli.query;

import io.eventline.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code eventline query order|customer|status}: reads the read-model tables. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Read the order read models (order_summary, customer_orders, projection_status).",
        subcommands = {OrderQuery.class, CustomerQuery.class, StatusQuery.class})
public final class QueryCommand extends CommandGroup {}
