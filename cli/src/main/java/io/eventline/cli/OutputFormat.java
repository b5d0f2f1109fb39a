package io.eventline.cli;

import picocli.CommandLine.Option;

/** {@code --json}, the output option of every command that prints rows. */
public final class OutputFormat {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    public boolean json;
}
