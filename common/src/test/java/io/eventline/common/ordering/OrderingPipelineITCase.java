package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Ordering#apply} wired into a real (local) job, both flavours, with Kryo switched off for the job. */
class OrderingPipelineITCase {

    @ParameterizedTest(name = "with control stream: {0}")
    @ValueSource(booleans = {true, false})
    void ordersEachAggregateAndRoutesDeadLetters(boolean withControlStream) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);

        List<EventEnvelope> arrivals = List.of(event("a", 2), event("b", 3), event("a", 1), event("b", 1),
                redelivery(event("a", 2)), event("c", 1), event("b", 2), event("a", 3), event("a", 3L, "a-3-other"));
        KeyedStream<EventEnvelope, String> events = env.fromData(arrivals, OrderingHarness.TYPE)
                .keyBy(EventEnvelope::getAggregateId, Types.STRING);
        OrderingConfig config = OrderingConfig.defaults().withJobName("it");
        SingleOutputStreamOperator<EventEnvelope> ordered;
        if (withControlStream) {
            DataStream<OrderingCommand> commands = env.fromData(
                    List.of(OrderingCommand.unpark("a")), TypeInformation.of(OrderingCommand.class));
            ordered = Ordering.apply(events, commands, new EnvelopeAccessor(), OrderingHarness.TYPE, config, "order");
        } else {
            ordered = Ordering.apply(events, new EnvelopeAccessor(), OrderingHarness.TYPE, config, "order");
        }

        try (CloseableIterator<EventEnvelope> out = ordered.collectAsync();
                CloseableIterator<DeadLetter> deadLetters = ordered.getSideOutput(DeadLetters.TAG).collectAsync()) {
            env.execute("ordering-it");
            List<EventEnvelope> emitted = new ArrayList<>();
            out.forEachRemaining(emitted::add);
            List<DeadLetter> letters = new ArrayList<>();
            deadLetters.forEachRemaining(letters::add);

            for (String aggregate : List.of("a", "b", "c")) {
                assertThat(emitted.stream().filter(e -> e.getAggregateId().equals(aggregate))
                        .map(EventEnvelope::getSequenceNumber).toList())
                        .as(aggregate)
                        .containsExactlyElementsOf(aggregate.equals("c") ? List.of(1L) : List.of(1L, 2L, 3L));
            }
            assertThat(emitted).hasSize(7);
            assertThat(letters)
                    .extracting(DeadLetter::getStage, DeadLetter::getReason, DeadLetter::getEventId,
                            DeadLetter::getJobName)
                    .containsExactly(tuple("order", "conflict", "a-3-other", "it"));
        }
    }
}
