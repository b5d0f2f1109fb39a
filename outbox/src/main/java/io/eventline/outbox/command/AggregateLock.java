package io.eventline.outbox.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Serializes the transactions of one aggregate with a transaction-scoped advisory lock, taken before the
 * transaction's first write.
 *
 * <p>Why an advisory lock and why first: PostgreSQL gives a transaction its id (txid) at its first write, and
 * a row lock ({@code SELECT ... FOR UPDATE}, {@code UPDATE}) is such a write: a transaction could take its txid,
 * then wait for another one's row lock, and end up with a lower txid but a higher sequence number. The relay
 * publishes in txid order, so that would reorder the aggregate. An advisory lock assigns no txid; taken first, the
 * next holder gets its txid only after the previous holder committed (the lock is released after the commit), and
 * txids only grow: per aggregate, txid order = sequence order = commit order.
 */
public final class AggregateLock {

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 0)),"
            + " pg_current_xact_id_if_assigned() IS NULL";

    private AggregateLock() {}

    /**
     * Waits for the aggregate's lock, held until this transaction ends.
     *
     * @throws IllegalStateException when the transaction already wrote something (it has a txid): the ordering
     *     argument above would not hold
     */
    public static void acquire(Connection connection, String aggregateType, String aggregateId) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("the aggregate lock needs an open transaction (autocommit is on)");
        }
        try (PreparedStatement s = connection.prepareStatement(LOCK)) {
            s.setString(1, aggregateType);
            s.setString(2, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                // An advisory lock assigns no txid, so "none yet" after it means "none before it".
                if (!rs.getBoolean(2)) {
                    throw new IllegalStateException("the lock of " + aggregateType + "/" + aggregateId
                            + " must come before the transaction's first write");
                }
            }
        }
    }
}
