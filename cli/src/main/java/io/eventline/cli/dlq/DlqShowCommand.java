package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventline dlq show PARTITION:OFFSET}: one dead letter in full. */
@Command(name = "show",
        description = "One dead letter in full: the decoded original where possible, the error and the stack trace.")
final class DlqShowCommand extends DlqSubcommand {

    @Parameters(index = "0", paramLabel = "PARTITION:OFFSET", description = "The dead letter's position, as in list.")
    String position;

    @Override
    public Integer call() {
        if (!position.matches("\\d+:\\d+")) {
            throw usage("expected PARTITION:OFFSET, e.g. 0:17: " + position);
        }
        for (DlqRecord r : dlq.deadLetters()) {
            if (r.position().equals(position)) {
                Output.printRow(out(),
                        DeadLetterRows.details(r, dlq.replayed(), dlq.wireFormat()), format.json);
                return ExitCodes.FOUND;
            }
        }
        return notFound("no dead letter at " + position + " in " + dlq.dlqTopic());
    }
}
