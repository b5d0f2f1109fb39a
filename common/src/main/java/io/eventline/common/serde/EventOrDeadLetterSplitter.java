package io.eventline.common.serde;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Routes the output of {@link EnvelopeRecordDeserializer}: events downstream, dead letters to
 * {@link DeadLetters#TAG}.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EventEnvelope> events = EventOrDeadLetterSplitter.split(
 *         env.fromSource(source, watermarks, "events"), "split-dead-letters");
 * DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetters.TAG);
 * }</pre>
 */
public class EventOrDeadLetterSplitter extends ProcessFunction<Either<EventEnvelope, DeadLetter>, EventEnvelope> {

    private static final long serialVersionUID = 1L;

    /** Applies the splitter with a stable uid and name. */
    public static SingleOutputStreamOperator<EventEnvelope> split(
            DataStream<Either<EventEnvelope, DeadLetter>> decoded, String uid) {
        return decoded.process(new EventOrDeadLetterSplitter(), new AvroTypeInfo<>(EventEnvelope.class))
                .uid(uid)
                .name(uid);
    }

    @Override
    public void processElement(Either<EventEnvelope, DeadLetter> value, Context ctx, Collector<EventEnvelope> out) {
        if (value.isLeft()) {
            out.collect(value.left());
        } else {
            ctx.output(DeadLetters.TAG, value.right());
        }
    }
}
