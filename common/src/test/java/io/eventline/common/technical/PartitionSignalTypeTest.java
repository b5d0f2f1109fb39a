package io.eventline.common.technical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The heartbeat ticks travel as a list of POJOs, never through Kryo. */
class PartitionSignalTypeTest {

    @Test
    void aSignalIsAPojoAndATickAListOfThem() throws Exception {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PartitionSignal.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<List<PartitionSignal>> serializer = PartitionHeartbeats.TYPE.createSerializer(config);
        List<PartitionSignal> tick = new PartitionProgressRule("g", java.time.Duration.ofSeconds(60)).observe(
                List.of(new PartitionOffsets("orders", 0, 0, 10, PartitionOffsets.NONE)), 5_000L);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(tick, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(tick);
    }
}
