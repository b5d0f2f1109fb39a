package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.EventOrDeadLetterSplitter;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.serde.SerdeTestConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.testkit.ApicurioRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The deserializer and splitter inside a Flink job on a MiniCluster, with generic (Kryo) types disabled:
 * both serialize into the job graph, events and dead letters travel as Avro.
 */
class EnvelopeDeserializerPipelineITCase {

    /** Stands in for the Kafka source: turns values into ConsumerRecords and runs the deserializer on them. */
    static final class DeserializeValues extends ProcessFunction<byte[], Either<EventEnvelope, DeadLetter>> {
        private static final long serialVersionUID = 1L;
        private final EnvelopeRecordDeserializer<EventEnvelope> deserializer;
        private long offset;

        DeserializeValues(EnvelopeRecordDeserializer<EventEnvelope> deserializer) {
            this.deserializer = deserializer;
        }

        @Override
        public void processElement(byte[] value, Context ctx, Collector<Either<EventEnvelope, DeadLetter>> out) throws Exception {
            deserializer.deserialize(new ConsumerRecord<>("orders", 0, offset++, null, value), out);
        }
    }

    @Test
    void splitsEventsAndDeadLettersInAJob() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        RegistryConfig config = SerdeTestConfig.fast(registry.ccompatUrl());
        EnvelopeRecordSerializer<EventEnvelope> serializer = OrderEnvelopes.serializer(config, "pipeline-orders");
        // Used before submission: must still serialize.
        EnvelopeRecordDeserializer<EventEnvelope> deserializer = OrderEnvelopes.deserializer(config, "pipeline-test");
        byte[] avro1 = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        assertThat(deserializer.decode(Events.record(avro1)).isLeft()).isTrue();

        List<byte[]> values = List.of(
                avro1,
                new byte[] {1, 2, 3},
                Events.DESIGN_JSON.getBytes(StandardCharsets.UTF_8),
                serializer.serializeValue(Events.orderPlaced("evt-0", 0)),
                serializer.serializeValue(Events.paymentFailed("evt-2", 2L, "declined")));

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<byte[]> raw = env.fromData(values, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        SingleOutputStreamOperator<EventEnvelope> events = EventOrDeadLetterSplitter.split(
                raw.process(new DeserializeValues(deserializer), OrderEnvelopes.decodedType()),
                "split-dead-letters");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetters.TAG);

        List<EventEnvelope> gotEvents = new ArrayList<>();
        List<DeadLetter> gotDeadLetters = new ArrayList<>();
        try (CloseableIterator<EventEnvelope> e = events.collectAsync();
                CloseableIterator<DeadLetter> d = deadLetters.collectAsync()) {
            env.execute("serde-pipeline");
            e.forEachRemaining(gotEvents::add);
            d.forEachRemaining(gotDeadLetters::add);
        }

        assertThat(gotEvents).extracting(EventEnvelope::getEventId).containsExactly("evt-1", "evt-a1b2c3d4", "evt-2");
        assertThat(gotEvents.get(0)).isEqualTo(Events.orderPlaced("evt-1", 1));
        assertThat(gotDeadLetters).extracting(DeadLetter::getReason, DeadLetter::getStage, DeadLetter::getOffset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("malformed", "deserialize", 1L),
                        org.assertj.core.groups.Tuple.tuple("invalid-envelope", "validate", 3L));
        assertThat(Events.bytes(gotDeadLetters.get(0).getValue())).isEqualTo(new byte[] {1, 2, 3});
        assertThat(Events.bytes(gotDeadLetters.get(1).getValue())).isEqualTo(values.get(3));
    }
}
