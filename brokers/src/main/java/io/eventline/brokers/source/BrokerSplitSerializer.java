package io.eventline.brokers.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Splits and the enumerator's unassigned splits as UTF names: the only state these sources keep. */
final class BrokerSplitSerializer {

    private BrokerSplitSerializer() {}

    static final SimpleVersionedSerializer<BrokerSplit> SPLIT = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(BrokerSplit split) throws IOException {
            return names(List.of(split));
        }

        @Override
        public BrokerSplit deserialize(int version, byte[] serialized) throws IOException {
            return splits(serialized).get(0);
        }
    };

    static final SimpleVersionedSerializer<List<BrokerSplit>> UNASSIGNED = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<BrokerSplit> splits) throws IOException {
            return names(splits);
        }

        @Override
        public List<BrokerSplit> deserialize(int version, byte[] serialized) throws IOException {
            return splits(serialized);
        }
    };

    private static byte[] names(List<BrokerSplit> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(splits.size());
            for (BrokerSplit split : splits) {
                out.writeUTF(split.name());
            }
        }
        return bytes.toByteArray();
    }

    private static List<BrokerSplit> splits(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            List<BrokerSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(new BrokerSplit(in.readUTF()));
            }
            return splits;
        }
    }
}
