package io.eventline.cli.query;

import io.eventline.cli.DurationConverter;
import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventline query order ID}: one order_summary row, optionally once it has applied a sequence number. */
@Command(name = "order",
        description = "One order_summary row. With --min-sequence, only once the row has applied that sequence"
                + " number (read-your-writes); with --wait, poll until then.")
final class OrderQuery extends ReadModelQuery {

    @Parameters(index = "0", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--min-sequence", paramLabel = "N",
            description = "Require last_sequence >= N (the sequence number your command produced).")
    Long minSequence;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Poll until the row is there (and at --min-sequence), at most this long: 500ms, 10s, 2m.")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        if (minSequence != null && minSequence < 1) {
            throw usage("--min-sequence must be at least 1");
        }
        try (ReadModelQueries queries = db.open()) {
            ReadYourWrites.Outcome outcome = ReadYourWrites.await(() -> queries.order(orderId), minSequence, wait);
            if (outcome.visible()) {
                Output.printRow(out(), outcome.row().get(), format.json);
                return ExitCodes.FOUND;
            }
            String what = outcome.row().isEmpty()
                    ? "order " + orderId + " not found"
                    : "order " + orderId + " is at sequence " + ReadYourWrites.lastSequence(outcome.row().get())
                            + ", not yet at " + minSequence;
            return notFound(wait == null ? what : what + " after waiting " + wait.toMillis() + " ms");
        }
    }
}
