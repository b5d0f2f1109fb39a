package io.eventline.outbox.relay;

import io.eventline.events.EventEnvelope;
import io.eventline.outbox.EnvelopeCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches outbox rows in commit-safe order ({@link OutboxQueries}) on the fetcher thread. Its own cursor runs
 * ahead of the emitted position (batches wait in the reader's queue); only the emitted position is checkpointed.
 *
 * <p>A database outage is waited out here (reconnect with backoff) instead of failing the job: nothing is read
 * while it lasts, so nothing can be skipped. A payload that does not decode fails the job: skipping it would
 * break its aggregate's order, and only our own writers fill the table.
 */
final class OutboxSplitReader implements SplitReader<OutboxRecord, OutboxSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSplitReader.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final OutboxSourceSettings settings;
    private final OutboxLagGauges lag;
    private final Object wake = new Object();
    private boolean woken;

    private Connection connection;
    private PreparedStatement fetch;
    private OutboxPosition cursor;
    private long nextLagCheck;
    private long backoffMs = 100;

    OutboxSplitReader(OutboxSourceSettings settings, OutboxLagGauges lag) {
        this.settings = settings;
        this.lag = lag;
    }

    @Override
    public RecordsWithSplitIds<OutboxRecord> fetch() throws IOException {
        if (cursor == null) {
            return empty();
        }
        try {
            refreshLag();
            List<OutboxRecord> rows = query();
            backoffMs = 100;
            if (rows.isEmpty()) {
                pause(settings.pollInterval().toMillis());
                return empty();
            }
            OutboxRecord last = rows.get(rows.size() - 1);
            cursor = new OutboxPosition(last.txid(), last.id());
            return new RecordsBySplits<>(Map.of(OutboxSplit.ID, rows), Set.of());
        } catch (SQLException e) {
            LOG.warn("outbox query failed, reconnecting in {} ms (nothing read, nothing skipped): {}", backoffMs,
                    e.getMessage());
            closeConnection();
            pause(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            return empty();
        }
    }

    private List<OutboxRecord> query() throws SQLException, IOException {
        if (connection == null) {
            connection = settings.database().connect(30);
            connection.setAutoCommit(true);
            fetch = connection.prepareStatement(OutboxQueries.FETCH);
        }
        fetch.setString(1, Long.toString(cursor.txid()));
        fetch.setLong(2, cursor.id());
        fetch.setInt(3, settings.batchSize());
        List<OutboxRecord> rows = new ArrayList<>();
        try (ResultSet rs = fetch.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                long txid = Long.parseLong(rs.getString(2));
                OutboxPosition at = new OutboxPosition(txid, id);
                OutboxPosition previous = rows.isEmpty() ? cursor
                        : new OutboxPosition(rows.get(rows.size() - 1).txid(), rows.get(rows.size() - 1).id());
                if (at.compareTo(previous) <= 0) {
                    // A guard on the read order itself (it caught ORDER BY sorting txids as text once).
                    throw new IOException("outbox query returned " + at + " at or below " + previous + " (cursor "
                            + cursor + ", snapshot " + rs.getString(4) + ")");
                }
                EventEnvelope event;
                try {
                    event = EnvelopeCodec.decode(rs.getBytes(3));
                } catch (IOException | RuntimeException e) {
                    throw new IOException("outbox row id " + id + " (txid " + txid + ") does not decode as an"
                            + " EventEnvelope; the relay stops rather than skip it", e);
                }
                rows.add(new OutboxRecord(txid, id, event));
            }
        }
        return rows;
    }

    private void refreshLag() throws SQLException {
        long now = System.currentTimeMillis();
        if (now >= nextLagCheck && connection != null) {
            lag.update(OutboxLag.query(connection));
            nextLagCheck = now + settings.lagInterval().toMillis();
        }
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (!woken) {
                try {
                    wake.wait(Math.max(1, millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            woken = false;
        }
    }

    private static RecordsWithSplitIds<OutboxRecord> empty() {
        return new RecordsBySplits<>(Map.of(), Set.of());
    }

    @Override
    public void handleSplitsChanges(SplitsChange<OutboxSplit> change) {
        if (change instanceof SplitsAddition<OutboxSplit> addition) {
            for (OutboxSplit split : addition.splits()) {
                cursor = split.position();
                LOG.info("outbox relay reads from {}", cursor);
            }
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    @Override
    public void close() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped anyway
            }
        }
        connection = null;
        fetch = null;
    }
}
