package io.eventline.outbox.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: the position's txid and id as two longs. */
public final class OutboxSplitSerializer implements SimpleVersionedSerializer<OutboxSplit> {

    public static final OutboxSplitSerializer INSTANCE = new OutboxSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(OutboxSplit split) {
        return ByteBuffer.allocate(16).putLong(split.position().txid()).putLong(split.position().id()).array();
    }

    @Override
    public OutboxSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 16) {
            throw new IOException("unknown outbox split format: version " + version + ", " + serialized.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(serialized);
        return new OutboxSplit(new OutboxPosition(b.getLong(), b.getLong()));
    }
}
