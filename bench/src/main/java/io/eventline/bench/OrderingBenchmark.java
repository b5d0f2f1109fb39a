package io.eventline.bench;

import io.eventline.common.ordering.OrderingConfig;
import io.eventline.common.ordering.OrderingProcessFunction;
import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderDelivered;
import io.eventline.jobs.orders.envelope.OrderEnvelopeCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the ordering operator alone, in a Flink test harness on one thread, heap vs RocksDB. Traffic:
 * 1,000 live aggregates of 20 events each (replaced when done, so TTL cleanup runs too), 10% of events swapped
 * with their successor, 5% delivered twice. Processing time moves 100 ms per batch; the eventId TTL is 2 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class OrderingBenchmark {

    static final int BATCH = 10_000;
    static final int LIVE_AGGREGATES = 1_000;
    static final int EVENTS_PER_AGGREGATE = 20;
    static final double OUT_OF_ORDER = 0.10;
    static final double DUPLICATES = 0.05;
    private static final Instant OCCURRED = Instant.parse("2025-06-28T10:00:00Z");

    /**
     * HEAP; ROCKSDB with Flink's defaults, which in the harness means the mock task's 32 MB of managed memory shared
     * by five column families (tiny memtables, many L0 files, slow point look-ups); ROCKSDB_TUNED with RocksDB's own
     * memory and bloom filters, closer to a real slot and cheap for the look-up of a new (absent) eventId that every
     * event makes.
     */
    @Param({"HEAP", "ROCKSDB", "ROCKSDB_TUNED"})
    public String backend;

    private KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, EventEnvelope> harness;
    private final Random random = new Random(42);
    private final List<ArrayDeque<EventEnvelope>> lanes = new ArrayList<>();
    private final EventEnvelope[] batch = new EventEnvelope[BATCH];
    private long nextAggregate;
    private long processingTime;

    @Setup(Level.Trial)
    public void open() throws Exception {
        AvroTypeInfo<EventEnvelope> type = new AvroTypeInfo<>(EventEnvelope.class);
        OrderingConfig config = OrderingConfig.defaults()
                .withGapTimeout(Duration.ofSeconds(10))
                .withDedupeTtl(Duration.ofSeconds(2))
                .withJobName("bench");
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OrderingProcessFunction<>(new OrderEnvelopeCodec(), type, config)),
                EventEnvelope::getAggregateId, Types.STRING);
        if ("ROCKSDB".equals(backend)) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        } else if ("ROCKSDB_TUNED".equals(backend)) {
            Configuration tuning = new Configuration();
            tuning.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
            tuning.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            harness.setStateBackend(new EmbeddedRocksDBStateBackend().configure(tuning, getClass().getClassLoader()));
        }
        harness.setup();
        harness.open();
        for (int i = 0; i < LIVE_AGGREGATES; i++) {
            lanes.add(newAggregate());
        }
    }

    /** The next batch of arrivals, built outside the measured time; the previous batch's output is dropped. */
    @Setup(Level.Invocation)
    public void nextBatch() throws Exception {
        harness.getOutput().clear();
        for (int i = 0; i < BATCH; i++) {
            int lane = random.nextInt(LIVE_AGGREGATES);
            if (lanes.get(lane).isEmpty()) {
                lanes.set(lane, newAggregate());
            }
            batch[i] = lanes.get(lane).poll();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void order() throws Exception {
        // Measured: timers due by now (gap timeouts, eventId expiry, idle aggregates) fire here.
        processingTime += 100;
        harness.setProcessingTime(processingTime);
        for (EventEnvelope event : batch) {
            harness.processElement(new StreamRecord<>(event));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        int deadLetters = harness.getSideOutput(io.eventline.common.deadletter.DeadLetters.TAG) == null
                ? 0
                : harness.getSideOutput(io.eventline.common.deadletter.DeadLetters.TAG).size();
        if (deadLetters > 0) {
            throw new IllegalStateException(deadLetters + " dead letters: the traffic model is broken");
        }
        harness.close();
    }

    /** One aggregate's arrivals: 1..N with 10% swapped with their successor and 5% redelivered right after. */
    private ArrayDeque<EventEnvelope> newAggregate() {
        String aggregateId = "ord-" + nextAggregate++;
        EventEnvelope[] events = new EventEnvelope[EVENTS_PER_AGGREGATE];
        for (int i = 0; i < events.length; i++) {
            events[i] = event(aggregateId, i + 1);
        }
        for (int i = 0; i + 1 < events.length; i++) {
            if (random.nextDouble() < OUT_OF_ORDER) {
                EventEnvelope swapped = events[i];
                events[i] = events[i + 1];
                events[i + 1] = swapped;
                i++;
            }
        }
        ArrayDeque<EventEnvelope> arrivals = new ArrayDeque<>();
        for (EventEnvelope event : events) {
            arrivals.add(event);
            if (random.nextDouble() < DUPLICATES) {
                arrivals.add(EventEnvelope.newBuilder(event).build());
            }
        }
        return arrivals;
    }

    private static EventEnvelope event(String aggregateId, long sequence) {
        return EventEnvelope.newBuilder()
                .setEventId(aggregateId + "-" + sequence)
                .setEventType("OrderDelivered")
                .setAggregateType("Order")
                .setAggregateId(aggregateId)
                .setSequenceNumber(sequence)
                .setTimestamp(OCCURRED)
                .setVersion("1.0")
                .setPayload(new OrderDelivered(aggregateId))
                .build();
    }
}
