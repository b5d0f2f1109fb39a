package io.eventline.outbox.relay;

import io.eventline.events.EventEnvelope;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits the envelope and moves the split's position past its row, so a checkpoint holds exactly what went out. */
final class OutboxRecordEmitter implements RecordEmitter<OutboxRecord, EventEnvelope, OutboxSplitState> {

    @Override
    public void emitRecord(OutboxRecord record, SourceOutput<EventEnvelope> output, OutboxSplitState state) {
        OutboxPosition next = new OutboxPosition(record.txid(), record.id());
        if (next.compareTo(state.position()) <= 0) {
            // Cannot happen with the commit-safe read; if it ever does, stop rather than publish twice.
            throw new IllegalStateException("outbox read went backwards: " + next + " after " + state.position());
        }
        output.collect(record.event(), record.event().getTimestamp().toEpochMilli());
        state.advance(record.txid(), record.id());
    }
}
