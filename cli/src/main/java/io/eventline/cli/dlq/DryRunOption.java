package io.eventline.cli.dlq;

import picocli.CommandLine.Option;

/** {@code --dry-run} of the commands that write ({@code dlq replay}, {@code dlq unpark}). */
public final class DryRunOption {

    @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
    boolean dryRun;
}
