package io.eventline.outbox.relay;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: empty when the split is assigned, else the split's bytes. */
public final class OutboxEnumeratorStateSerializer implements SimpleVersionedSerializer<OutboxEnumeratorState> {

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(OutboxEnumeratorState state) {
        return state.unassigned() == null ? new byte[0] : OutboxSplitSerializer.INSTANCE.serialize(state.unassigned());
    }

    @Override
    public OutboxEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown outbox enumerator state version " + version);
        }
        return new OutboxEnumeratorState(serialized.length == 0 ? null
                : OutboxSplitSerializer.INSTANCE.deserialize(OutboxSplitSerializer.INSTANCE.getVersion(), serialized));
    }
}
