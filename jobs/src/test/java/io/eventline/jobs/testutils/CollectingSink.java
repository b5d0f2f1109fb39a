package io.eventline.jobs.testutils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink (sink2 API) that keeps what it receives in memory, for MiniCluster tests in this JVM. The sink is
 * serialized into the job, so the elements live in a static map under this instance's id; {@link #clear} it
 * when the test is done.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        RECEIVED.put(id, new CopyOnWriteArrayList<>());
    }

    /** Everything written so far, in arrival order (per writer; writers interleave). */
    @SuppressWarnings("unchecked")
    public List<T> received() {
        return new ArrayList<>((List<T>) (List<?>) RECEIVED.get(id));
    }

    public void clear() {
        RECEIVED.remove(id);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> target = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                target.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
