package io.eventline.cli.query;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Read-your-writes on the read models: read a row until it is there and has applied the sequence number the
 * client's command produced, or until the wait runs out. Shared by {@code query order --min-sequence --wait} and
 * the HTTP API's {@code ?minSequence=N&wait=5s}.
 */
public final class ReadYourWrites {

    /** One read of the row; empty when it is not there (yet). */
    @FunctionalInterface
    public interface RowRead {
        Optional<Map<String, Object>> read() throws Exception;
    }

    /** The last row read, and whether it satisfied the wait. */
    public record Outcome(Optional<Map<String, Object>> row, boolean visible) {}

    private static final long FIRST_PAUSE_MS = 20;
    private static final long MAX_PAUSE_MS = 250;

    private ReadYourWrites() {}

    /**
     * Reads at once, then again with growing pauses (20 ms doubling up to 250 ms) until the row is visible or
     * {@code wait} has passed.
     *
     * @param minSequence the least {@code last_sequence} required; {@code null}: the row only has to exist
     */
    public static Outcome await(RowRead read, Long minSequence, Duration wait) throws Exception {
        long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
        long pause = FIRST_PAUSE_MS;
        while (true) {
            Optional<Map<String, Object>> row = read.read();
            if (visible(row, minSequence)) {
                return new Outcome(row, true);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Outcome(row, false);
            }
            Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
    }

    static boolean visible(Optional<Map<String, Object>> row, Long minSequence) {
        return row.isPresent() && (minSequence == null || lastSequence(row.get()) >= minSequence);
    }

    public static long lastSequence(Map<String, Object> row) {
        return (Long) row.get("last_sequence");
    }
}
