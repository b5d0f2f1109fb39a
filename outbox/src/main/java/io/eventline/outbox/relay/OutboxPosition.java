package io.eventline.outbox.relay;

import java.io.Serializable;

/**
 * How far the relay has read: the (txid, id) of the last row emitted. Rows are read in (txid, id) order, so
 * every row at or below the position has been emitted and every row above it has not.
 */
public record OutboxPosition(long txid, long id) implements Serializable, Comparable<OutboxPosition> {

    /** Before the first row. */
    public static final OutboxPosition START = new OutboxPosition(0, 0);

    @Override
    public int compareTo(OutboxPosition o) {
        int c = Long.compare(txid, o.txid);
        return c != 0 ? c : Long.compare(id, o.id);
    }

    @Override
    public String toString() {
        return "(txid " + txid + ", id " + id + ")";
    }
}
