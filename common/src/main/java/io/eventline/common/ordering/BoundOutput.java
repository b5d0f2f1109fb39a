package io.eventline.common.ordering;

import io.eventline.deadletter.DeadLetter;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/** Binds {@link OrderingOutput} to one call of a Flink function (collector, side output, timers, key, timestamp). */
record BoundOutput<E>(Collector<E> out, Consumer<DeadLetter> deadLetters, TimerService timers, String key,
        Long timestamp) implements OrderingOutput<E> {

    @Override
    public void emit(E event) {
        out.collect(event);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.accept(deadLetter);
    }
}
