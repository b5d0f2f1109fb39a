package io.eventline.outbox.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a checkpoint completed, marks (or deletes) the outbox rows at or below the position that checkpoint
 * holds, and deletes marked rows past their retention. Runs on its own thread so a slow or unreachable database
 * never blocks the task.
 *
 * <p>Why after the source's checkpoint is enough: the rows up to that position were written by the exactly-once
 * Kafka sink in transactions that are part of the same checkpoint; Flink commits them when the checkpoint
 * completes and re-commits them on recovery, so they reach Kafka even if the commit happens after this mark.
 * The mark is for lag and cleanup only: what prevents re-publishing is the position in state, not the mark (a
 * restore from an older savepoint re-publishes rows above its position; consumers deduplicate by eventId).
 * Marks are cumulative, so a failed or skipped one is covered by the next.
 */
final class OutboxJanitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxJanitor.class);

    private final OutboxSourceSettings settings;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-janitor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<OutboxPosition> pending = new AtomicReference<>();
    private Connection connection;

    OutboxJanitor(OutboxSourceSettings settings) {
        this.settings = settings;
    }

    /** Everything at or below {@code position} is published. */
    void published(OutboxPosition position) {
        if (pending.getAndSet(position) == null) {
            executor.execute(this::run);
        }
    }

    private void run() {
        OutboxPosition position = pending.getAndSet(null);
        if (position == null) {
            return;
        }
        try {
            if (connection == null) {
                connection = settings.database().connect(10);
            }
            String sql = settings.published() == PublishedPolicy.DELETE
                    ? OutboxQueries.DELETE_PUBLISHED : OutboxQueries.MARK_PUBLISHED;
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setString(1, Long.toString(position.txid()));
                s.setLong(2, position.id());
                s.executeUpdate();
            }
            if (settings.published() == PublishedPolicy.MARK) {
                try (PreparedStatement s = connection.prepareStatement(OutboxQueries.DELETE_EXPIRED)) {
                    s.setDouble(1, settings.retention().toMillis() / 1000.0);
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            LOG.warn("could not mark outbox rows up to {} published (the next checkpoint retries): {}", position,
                    e.getMessage());
            close(connection);
            connection = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        close(connection);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // dropping it
            }
        }
    }
}
