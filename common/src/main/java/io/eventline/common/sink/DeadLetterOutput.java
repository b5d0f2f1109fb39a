package io.eventline.common.sink;

import io.eventline.deadletter.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Where a sink writer sends the dead letters it finds itself (a {@link org.apache.flink.api.connector.sink2.Sink}
 * has no side output). Serializable with the sink; each writer opens its own {@link Writer}, which must not fail
 * on one record and must have sent everything when {@link Writer#flush()} returns (the sink flushes it before each
 * checkpoint: at-least-once, like the job's DLQ sink).
 */
public interface DeadLetterOutput extends Serializable {

    Writer open(WriterInitContext context) throws IOException;

    /** One writer's channel. */
    interface Writer extends AutoCloseable {
        void send(DeadLetter letter);

        void flush() throws IOException, InterruptedException;

        @Override
        void close() throws IOException;
    }
}
