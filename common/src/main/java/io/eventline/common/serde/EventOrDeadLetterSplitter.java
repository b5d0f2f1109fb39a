package io.eventline.common.serde;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.deadletter.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
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
 *
 * @param <E> the envelope class
 */
public class EventOrDeadLetterSplitter<E> extends ProcessFunction<Either<E, DeadLetter>, E> {

    private static final long serialVersionUID = 1L;

    /** Applies the splitter with a stable uid and name; the events keep the input's left type. */
    public static <E> SingleOutputStreamOperator<E> split(DataStream<Either<E, DeadLetter>> decoded, String uid) {
        TypeInformation<Either<E, DeadLetter>> type = decoded.getType();
        if (!(type instanceof EitherTypeInfo)) {
            throw new IllegalArgumentException("expected an Either type for " + uid + ", found " + type);
        }
        TypeInformation<E> eventType = ((EitherTypeInfo<E, DeadLetter>) type).getLeftType();
        return decoded.process(new EventOrDeadLetterSplitter<E>(), eventType)
                .uid(uid)
                .name(uid);
    }

    @Override
    public void processElement(Either<E, DeadLetter> value, Context ctx, Collector<E> out) {
        if (value.isLeft()) {
            out.collect(value.left());
        } else {
            ctx.output(DeadLetters.TAG, value.right());
        }
    }
}
