package io.eventline.common.ordering;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/** The ordering operator in a Flink test harness, on the heap or on RocksDB, with Kryo switched off. */
final class OrderingHarness implements AutoCloseable {

    enum Backend { HEAP, ROCKSDB }

    static final AvroTypeInfo<EventEnvelope> TYPE = new AvroTypeInfo<>(EventEnvelope.class);

    private final KeyedTwoInputStreamOperatorTestHarness<String, EventEnvelope, OrderingCommand, EventEnvelope> two;
    private final KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, EventEnvelope> one;
    private final AbstractStreamOperatorTestHarness<EventEnvelope> harness;

    private OrderingHarness(OrderingConfig config, Backend backend, boolean withControlInput,
            OperatorSubtaskState restoreFrom) throws Exception {
        this(config, backend, withControlInput, restoreFrom, false);
    }

    private OrderingHarness(OrderingConfig config, Backend backend, boolean withControlInput,
            OperatorSubtaskState restoreFrom, boolean objectReuse) throws Exception {
        if (withControlInput) {
            two = new KeyedTwoInputStreamOperatorTestHarness<>(
                    new KeyedCoProcessOperator<>(new OrderingFunction<>(new EnvelopeAccessor(), TYPE, config)),
                    EventEnvelope::getAggregateId, OrderingCommand.BY_AGGREGATE, Types.STRING);
            one = null;
            harness = two;
        } else {
            one = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new OrderingProcessFunction<>(new EnvelopeAccessor(), TYPE, config)),
                    EventEnvelope::getAggregateId, Types.STRING);
            two = null;
            harness = one;
        }
        // Any state type that would need Kryo now fails instead of silently serializing generically.
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        if (objectReuse) {
            harness.getExecutionConfig().enableObjectReuse();
        }
        if (backend == Backend.ROCKSDB) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        harness.setup();
        if (restoreFrom == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restoreFrom);
        }
        harness.open();
    }

    static OrderingHarness withControl(OrderingConfig config, Backend backend) throws Exception {
        return new OrderingHarness(config, backend, true, null);
    }

    static OrderingHarness withControl(OrderingConfig config, Backend backend, OperatorSubtaskState restoreFrom)
            throws Exception {
        return new OrderingHarness(config, backend, true, restoreFrom);
    }

    /** On the heap, where a kept reference to a reused input object would be overwritten. */
    static OrderingHarness withObjectReuse(OrderingConfig config) throws Exception {
        return new OrderingHarness(config, Backend.HEAP, true, null, true);
    }

    static OrderingHarness eventsOnly(OrderingConfig config, Backend backend) throws Exception {
        return new OrderingHarness(config, backend, false, null);
    }

    AbstractStreamOperatorTestHarness<EventEnvelope> harness() {
        return harness;
    }

    void send(EventEnvelope... events) throws Exception {
        for (EventEnvelope event : events) {
            if (two != null) {
                two.processElement1(new StreamRecord<>(event));
            } else {
                one.processElement(new StreamRecord<>(event));
            }
        }
    }

    void unpark(String aggregateId) throws Exception {
        two.processElement2(new StreamRecord<>(OrderingCommand.unpark(aggregateId)));
    }

    void setTime(long processingTime) throws Exception {
        harness.setProcessingTime(processingTime);
    }

    List<EventEnvelope> output() {
        return harness.extractOutputValues();
    }

    List<Long> outputSequences(String aggregateId) {
        List<Long> sequences = new ArrayList<>();
        for (EventEnvelope event : output()) {
            if (event.getAggregateId().equals(aggregateId)) {
                sequences.add(event.getSequenceNumber());
            }
        }
        return sequences;
    }

    List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        var records = harness.getSideOutput(DeadLetters.TAG);
        if (records != null) {
            records.forEach(record -> letters.add(record.getValue()));
        }
        return letters;
    }

    OrderingMetrics metrics() {
        Object function = ((AbstractUdfStreamOperator<?, ?>) harness.getOperator()).getUserFunction();
        return function instanceof OrderingFunction<?> f
                ? f.metrics()
                : ((OrderingProcessFunction<?>) function).metrics();
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1L, harness.getProcessingTime());
    }

    /** Keyed state entries across all of the operator's states; works on RocksDB too. */
    int keyedStateEntries() throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        if (backend instanceof HeapKeyedStateBackend<?> heap) {
            return heap.numKeyValueStateEntries();
        }
        int entries = 0;
        for (String name : List.of(OrderingState.PROGRESS, OrderingState.BUFFER, OrderingState.APPLIED,
                OrderingState.SKIPPED)) {
            try (var keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
                entries += (int) keys.count();
            }
        }
        return entries;
    }

    int timers() {
        return harness.numProcessingTimeTimers() + harness.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
