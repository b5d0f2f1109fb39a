package io.eventline.common.ordering;

import io.eventline.deadletter.DeadLetter;
import org.apache.flink.streaming.api.TimerService;

/** What the ordering logic needs from whichever Flink function hosts it: the one- or the two-input flavour. */
interface OrderingOutput<E> {

    void emit(E event);

    void deadLetter(DeadLetter deadLetter);

    TimerService timers();

    String key();

    /** The element's record timestamp (the Kafka record timestamp), or null where it has none. */
    Long timestamp();
}
