package io.eventline.common.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

/**
 * Ordering state is written by Flink's own serializers (Avro, POJO, primitives) and the progress by its purpose-built
 * one (AggregateProgressSerializerTest), never Kryo.
 */
class OrderingSerializersTest {

    private static final SerializerConfigImpl NO_GENERIC_TYPES = new SerializerConfigImpl();

    static {
        NO_GENERIC_TYPES.setGenericTypes(false);
    }

    @Test
    void everyStateDescriptorHasAStableNameAndAFlinkSerializer() {
        List<StateDescriptor<?, ?>> descriptors = OrderingState.descriptors(OrderingHarness.TYPE);

        assertThat(descriptors).extracting(StateDescriptor::getName).containsExactly(
                "ordering-progress", "ordering-buffer", "ordering-applied-event-ids", "ordering-skipped-ranges",
                "ordering-held-sequences", "ordering-remembered-order");
        descriptors.forEach(descriptor -> descriptor.initializeSerializerUnlessSet(withoutGenericTypes()));

        ValueStateDescriptor<?> progress = (ValueStateDescriptor<?>) descriptors.get(0);
        assertThat(progress.getSerializer()).isSameAs(AggregateProgressSerializer.INSTANCE);
        MapStateDescriptor<?, ?> buffer = (MapStateDescriptor<?, ?>) descriptors.get(1);
        assertThat(buffer.getKeySerializer()).isInstanceOf(LongSerializer.class);
        assertThat(buffer.getValueSerializer()).isInstanceOf(AvroSerializer.class);
        MapStateDescriptor<?, ?> applied = (MapStateDescriptor<?, ?>) descriptors.get(2);
        assertThat(applied.getKeySerializer()).isInstanceOf(StringSerializer.class);
        assertThat(applied.getValueSerializer()).isInstanceOf(PojoSerializer.class);
        MapStateDescriptor<?, ?> skipped = (MapStateDescriptor<?, ?>) descriptors.get(3);
        assertThat(skipped.getKeySerializer()).isInstanceOf(LongSerializer.class);
        assertThat(skipped.getValueSerializer()).isInstanceOf(PojoSerializer.class);
        for (MapStateDescriptor<?, ?> longToString : List.of((MapStateDescriptor<?, ?>) descriptors.get(4),
                (MapStateDescriptor<?, ?>) descriptors.get(5))) {
            assertThat(longToString.getKeySerializer()).isInstanceOf(LongSerializer.class);
            assertThat(longToString.getValueSerializer()).isInstanceOf(StringSerializer.class);
        }
    }

    @Test
    void stateAndCommandTypesArePojosWithoutKryoFields() {
        for (Class<?> type : List.of(RecentEvents.class, AppliedEvent.class, SkippedRange.class,
                OrderingCommand.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            TypeSerializer<?> serializer = info.createSerializer(NO_GENERIC_TYPES);
            assertThat(serializer).isInstanceOf(PojoSerializer.class).isNotInstanceOf(KryoSerializer.class);
        }
        assertThat(OrderingHarness.TYPE.createSerializer(NO_GENERIC_TYPES)).isInstanceOf(AvroSerializer.class);
    }

    @Test
    void bufferedEventsRoundTripThroughTheStateSerializer() throws Exception {
        MapStateDescriptor<Long, EventEnvelope> buffer = OrderingState.bufferDescriptor(OrderingHarness.TYPE);
        buffer.initializeSerializerUnlessSet(withoutGenericTypes());
        TypeSerializer<EventEnvelope> serializer = buffer.getValueSerializer();
        EventEnvelope event = TestEvents.event("a", 7);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(event, out);

        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(event);
    }

    private static ExecutionConfig withoutGenericTypes() {
        ExecutionConfig config = new ExecutionConfig();
        ((SerializerConfigImpl) config.getSerializerConfig()).setGenericTypes(false);
        return config;
    }
}
