package io.eventline.cli.query;

import io.eventline.cli.DurationConverter;
import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventline query order ID}: one order_summary row, optionally once it has applied a sequence number. */
@Command(name = "order",
        description = "One order_summary row. With --min-sequence, only once the row has applied that sequence"
                + " number (read-your-writes); with --wait, poll until then.")
final class OrderQuery extends ReadModelQuery {

    private static final long MAX_PAUSE_MS = 500;

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
        long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
        long pause = 50;
        try (ReadModelQueries queries = db.open()) {
            while (true) {
                Optional<Map<String, Object>> row = queries.order(orderId);
                if (row.isPresent() && (minSequence == null || lastSequence(row.get()) >= minSequence)) {
                    Output.printRow(out(), row.get(), format.json);
                    return ExitCodes.FOUND;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String what = row.isEmpty()
                            ? "order " + orderId + " not found"
                            : "order " + orderId + " is at sequence " + lastSequence(row.get()) + ", not yet at "
                                    + minSequence;
                    return notFound(wait == null ? what : what + " after waiting " + wait.toMillis() + " ms");
                }
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }

    private static long lastSequence(Map<String, Object> row) {
        return (Long) row.get("last_sequence");
    }
}
