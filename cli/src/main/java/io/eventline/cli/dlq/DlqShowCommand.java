package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import io.eventline.cli.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventline dlq show PARTITION:OFFSET}: one dead letter in full. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "One dead letter in full: the decoded original where possible, the error and the stack trace.")
final class DlqShowCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DlqOptions dlq;

    @Mixin
    OutputFormat format;

    @Parameters(index = "0", paramLabel = "PARTITION:OFFSET", description = "The dead letter's position, as in list.")
    String position;

    @Override
    public Integer call() {
        if (!position.matches("\\d+:\\d+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected PARTITION:OFFSET, e.g. 0:17: " + position);
        }
        for (DlqRecord r : dlq.deadLetters()) {
            if (r.position().equals(position)) {
                Output.printRow(spec.commandLine().getOut(),
                        DeadLetterRows.details(r, dlq.replayed(), dlq.wireFormat()), format.json);
                return ExitCodes.FOUND;
            }
        }
        spec.commandLine().getErr().println("no dead letter at " + position + " in " + dlq.dlqTopic());
        return ExitCodes.NOT_FOUND;
    }
}
