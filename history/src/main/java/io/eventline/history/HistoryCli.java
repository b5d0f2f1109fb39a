package io.eventline.history;

import io.eventline.history.asof.AsOfCommand;
import io.eventline.history.rebuild.RebuildCommand;
import io.eventline.history.state.StateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code eventline rebuild|as-of|state}: the Flink-bearing commands over the event history, run by
 * {@code deploy/scripts/eventline.sh} from this module's class path (the cli module stays Flink-free).
 * Exit status: 0 done, 1 failed, 2 bad arguments, 4 verification found differences and {@code --require-equal}.
 */
@Command(name = "eventline", mixinStandardHelpOptions = true, version = "eventline history 0.1.0",
        subcommands = {RebuildCommand.class, AsOfCommand.class, StateCommand.class},
        description = "Rebuild read models from the event history, show them as of a moment, inspect the job's state.")
public final class HistoryCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new HistoryCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("eventline " + command.getCommandName() + ": " + message(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            s.append(": ").append(root.getMessage());
        }
        return s.toString();
    }
}
