package io.eventline.outbox.relay;

/**
 * The relay's SQL, and why its read order never skips or reorders a committed event.
 *
 * <h2>The trap</h2>
 * {@code id} comes from a sequence when a row is inserted, but the row becomes visible when its transaction
 * commits. Transaction A inserts id 10, B inserts id 11 and commits first: a reader of {@code id > last} sees 11,
 * moves on, and never sees 10.
 *
 * <h2>Commit-safe read</h2>
 * Every outbox row stores {@code txid = pg_current_xact_id()}, its transaction's 64-bit id. The relay reads
 * <pre>  WHERE txid &lt; pg_snapshot_xmin(pg_current_snapshot()) AND (txid, id) &gt; :position ORDER BY txid, id</pre>
 * and keeps {@code position} (the last (txid, id) emitted) in Flink state.
 *
 * <p>Proof sketch. (1) {@code xmin} of a snapshot is the oldest transaction still running; every transaction
 * with a smaller txid has ended, so the rows with {@code txid < xmin} are final: committed and visible to the
 * query, or rolled back and never visible. (2) txids are handed out in increasing order and never reused, so a
 * transaction that has not yet written gets a txid at or above the next unassigned id, which is above
 * {@code xmin}. (3) Hence once a read covered everything below some xmin, no row below it can appear later: each
 * row that ever commits is either already read (at or below the position) or will be (above it): nothing is
 * skipped, and (txid, id) order is total, so nothing is read twice. (4) Per aggregate: writers take the
 * aggregate's advisory lock before their first write ({@code AggregateLock}), so of two transactions of one
 * aggregate the second gets its txid after the first committed, hence a larger one: txid order is the
 * aggregate's sequence order, and within one transaction ids follow insertion order.
 *
 * <p>The price: one long transaction holding a txid (on any table of the database) stops the relay at its
 * txid until it ends; the lag metrics show it. Set {@code idle_in_transaction_session_timeout}.
 */
final class OutboxQueries {

    private OutboxQueries() {}

    // The text column needs its own name: ORDER BY txid would otherwise sort by the output column, as text.
    static final String FETCH = "SELECT id, txid::text AS txid_text, payload, pg_current_snapshot()::text AS snapshot"
            + " FROM outbox WHERE txid < pg_snapshot_xmin(pg_current_snapshot())"
            + " AND (txid, id) > (CAST(? AS xid8), ?) ORDER BY txid, id LIMIT ?";

    /** Marks the rows a completed checkpoint covers (all at or below its position are in Kafka). */
    static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now()"
            + " WHERE published_at IS NULL AND (txid, id) <= (CAST(? AS xid8), ?)";

    static final String DELETE_PUBLISHED = "DELETE FROM outbox WHERE (txid, id) <= (CAST(? AS xid8), ?)";

    /** Cleanup in mark mode: published rows older than the retention. */
    static final String DELETE_EXPIRED = "DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)";

    /** Rows not yet confirmed by a completed checkpoint, and the age of the oldest, in milliseconds. */
    static final String LAG = "SELECT count(*), COALESCE(CAST(EXTRACT(EPOCH FROM (clock_timestamp() - min(created_at)))"
            + " * 1000 AS BIGINT), 0) FROM outbox WHERE published_at IS NULL";
}
