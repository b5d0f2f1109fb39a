package io.eventline.bench;

import io.eventline.common.sink.UpsertTable;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Either;

/**
 * The "discarding" sinks of runs 2-4. They write nothing anywhere; to let every run be checked they keep, per
 * subtask, only what the check needs: the latest row per key (one HashMap put per row), a running sum of the
 * latest versions (how the harness sees that the expected state is reached), dead-letter counts by reason, or a
 * count and checksum of the decoded events. Flink runs in the harness's JVM (a MiniCluster), so the harness
 * reads these through a static registry keyed by run.
 */
final class CheckingSinks {

    private CheckingSinks() {}

    /** What one run's sinks saw. */
    static final class Store {
        final List<Map<Object, Object>> orderRows = new ArrayList<>();
        final List<Map<Object, Object>> customerRows = new ArrayList<>();
        final LongAdder orderVersionSum = new LongAdder();
        final LongAdder customerVersionSum = new LongAdder();
        final LongAdder statusRows = new LongAdder();
        final LongAdder rowsIn = new LongAdder();
        final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
        final LongAdder events = new LongAdder();
        final LongAdder eventChecksum = new LongAdder();
        final LongAdder undecodable = new LongAdder();

        Map<String, Long> deadLetterCounts() {
            Map<String, Long> m = new java.util.TreeMap<>();
            deadLetters.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        synchronized Map<Object, Object> newPartial(boolean orders) {
            Map<Object, Object> m = new HashMap<>();
            (orders ? orderRows : customerRows).add(m);
            return m;
        }
    }

    static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    static Store store(String run) {
        return STORES.computeIfAbsent(run, r -> new Store());
    }

    /** Keeps the latest row per key, as the upsert guard orders them. */
    static final class LatestRowSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final UpsertTable<T> table;
        private final boolean orders;

        LatestRowSink(String run, UpsertTable<T> table, boolean orders) {
            this.run = run;
            this.table = table;
            this.orders = orders;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Store store = store(run);
            Map<Object, Object> latest = store.newPartial(orders);
            LongAdder sum = orders ? store.orderVersionSum : store.customerVersionSum;
            return new SinkWriter<>() {
                @Override
                public void write(T row, Context context) {
                    Object key = table.keyOf(row);
                    long v = table.versionOf(row);
                    @SuppressWarnings("unchecked")
                    T old = (T) latest.get(key);
                    long before = old == null ? 0 : table.versionOf(old);
                    store.rowsIn.increment();
                    // supersedes: a higher version, or the same with a newer customer copy (order_summary's refresh)
                    if (old == null || table.supersedes(row, old)) {
                        synchronized (latest) {
                            latest.put(key, row);
                        }
                        sum.add(v - before);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Counts rows (projection_status). */
    static final class CountingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String run;

        CountingSink(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Store store = store(run);
            return new SinkWriter<>() {
                @Override
                public void write(T row, Context context) {
                    store.statusRows.increment();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Counts dead letters by reason. */
    static final class DeadLetterSink implements Sink<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String run;

        DeadLetterSink(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
            Store store = store(run);
            return new SinkWriter<>() {
                @Override
                public void write(DeadLetter d, Context context) {
                    store.deadLetters.computeIfAbsent(d.getReason(), r -> new LongAdder()).increment();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Pass-through: counts decoded events and sums their checksums. */
    static final class EventSink implements Sink<Either<EventEnvelope, DeadLetter>> {
        private static final long serialVersionUID = 1L;
        private final String run;

        EventSink(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<Either<EventEnvelope, DeadLetter>> createWriter(WriterInitContext context) {
            Store store = store(run);
            return new SinkWriter<>() {
                @Override
                public void write(Either<EventEnvelope, DeadLetter> e, Context context) {
                    if (e.isLeft()) {
                        EventEnvelope ev = e.left();
                        store.eventChecksum.add(io.eventline.testkit.workload.OrderWorkload.eventChecksum(ev.getEventId(), ev.getSequenceNumber()));
                    } else {
                        store.undecodable.increment();
                    }
                    store.events.increment();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
