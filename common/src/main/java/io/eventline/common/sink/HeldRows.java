package io.eventline.common.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The merged rows a {@link MergingUpsertSink} writer holds across a checkpoint barrier: its writer state.
 *
 * <p>The rows are written with the sink's input serializer (the one Flink ships the rows with), preceded by that
 * serializer's {@link TypeSerializerSnapshot}, so that a job restored after its row type changed reads the old rows
 * with the serializer that wrote them, as Flink does for keyed state. Hand-written: the writer-state contract is a
 * {@link SimpleVersionedSerializer} fixed when the sink is built, before the input serializer exists, and Flink
 * has no adapter from a {@link TypeSerializer} to it.
 */
final class HeldRows {

    /** The writer state as Flink stores it: the bytes {@link #encode} made, under one format version. */
    static final SimpleVersionedSerializer<byte[]> STATE_SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(byte[] state) {
            return state;
        }

        @Override
        public byte[] deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown upsert sink writer state version " + version + " (this build reads 1)");
            }
            return serialized;
        }
    };

    private HeldRows() {}

    static <T> byte[] encode(Collection<T> rows, TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + rows.size() * 64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        out.writeInt(rows.size());
        for (T row : rows) {
            serializer.serialize(row, out);
        }
        return out.getCopyOfBuffer();
    }

    static <T> List<T> decode(byte[] bytes, ClassLoader classLoader) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<T> written = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
        TypeSerializer<T> reader = written.restoreSerializer();
        int count = in.readInt();
        List<T> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(reader.deserialize(in));
        }
        return rows;
    }
}
