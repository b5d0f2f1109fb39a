package io.eventline.cli;

import io.eventline.cli.dlq.DlqCommand;
import io.eventline.cli.query.QueryCommand;
import io.eventline.cli.serve.ServeCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code eventline} command, the runnable jar's main class. Each subcommand is its own class listed in
 * {@code subcommands}; add a new one there.
 *
 * <p>Exit codes: {@value ExitCodes#FOUND} found, {@value ExitCodes#NOT_FOUND} not found or timed out waiting,
 * {@value ExitCodes#USAGE} usage error, {@value ExitCodes#ERROR} error (e.g. the database cannot be reached).
 */
@Command(
        name = "eventline",
        mixinStandardHelpOptions = true,
        versionProvider = EventlineCli.Version.class,
        description = "Eventline command-line tools.",
        subcommands = {QueryCommand.class, ServeCommand.class, DlqCommand.class, CommandLine.HelpCommand.class})
public final class EventlineCli extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command line: exit codes and error handling shared by every subcommand. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EventlineCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        });
        // One line, not the whole usage: scripts and operators see what was wrong and where to look.
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see: "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EventlineCli.class.getPackage().getImplementationVersion();
            return new String[] {"eventline " + (v == null ? "dev" : v)};
        }
    }
}
