package io.eventline.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * What every {@code eventline} subcommand that prints has: its spec, the {@code --json} option, its streams, and
 * the exit code for "nothing there".
 */
@Command(mixinStandardHelpOptions = true)
public abstract class Subcommand implements Callable<Integer> {

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    @Mixin
    protected OutputFormat format;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A usage error of this command (exit code {@value ExitCodes#USAGE}). */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Says on stderr what was not found; returns {@value ExitCodes#NOT_FOUND}. */
    protected int notFound(String what) {
        spec.commandLine().getErr().println(what);
        return ExitCodes.NOT_FOUND;
    }
}
