package io.eventline.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code eventline}, {@code dlq}, {@code query}): alone, a usage error. */
public abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: " + String.join(", ", spec.subcommands().keySet()));
    }
}
