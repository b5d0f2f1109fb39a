package io.eventline.cli.dlq;

import io.eventline.cli.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code eventline dlq stats|list|show|replay|parked|unpark}: operations on {@code <topic>.dlq}. See the runbook
 * in README.md.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect, replay and unpark the dead letters of <topic>.dlq.",
        subcommands = {DlqStatsCommand.class, DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class,
                DlqParkedCommand.class, DlqUnparkCommand.class})
public final class DlqCommand extends CommandGroup {}
