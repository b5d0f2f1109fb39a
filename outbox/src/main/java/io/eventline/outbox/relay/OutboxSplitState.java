package io.eventline.outbox.relay;

/** The split's mutable position while the reader emits; advanced record by record by the emitter. */
final class OutboxSplitState {

    private long txid;
    private long id;

    OutboxSplitState(OutboxPosition start) {
        this.txid = start.txid();
        this.id = start.id();
    }

    void advance(long txid, long id) {
        this.txid = txid;
        this.id = id;
    }

    OutboxPosition position() {
        return new OutboxPosition(txid, id);
    }
}
