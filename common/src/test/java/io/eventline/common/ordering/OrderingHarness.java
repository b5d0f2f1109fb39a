package io.eventline.common.ordering;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/** The ordering operator in a Flink test harness, on the heap or on RocksDB, with Kryo switched off. */
final class OrderingHarness implements AutoCloseable {

    enum Backend { HEAP, ROCKSDB }

    static final AvroTypeInfo<EventEnvelope> TYPE = new AvroTypeInfo<>(EventEnvelope.class);

    private final KeyedTwoInputStreamOperatorTestHarness<String, EventEnvelope, OrderingCommand, EventEnvelope> withCommands;
    private final KeyedOneInputStreamOperatorTestHarness<String, EventEnvelope, EventEnvelope> eventsOnly;
    private final AbstractStreamOperatorTestHarness<EventEnvelope> harness;

    private OrderingHarness(OrderingConfig config, Backend backend, boolean withControlInput,
            OperatorSubtaskState restoreFrom) throws Exception {
        this(config, backend, withControlInput, restoreFrom, false);
    }

    private OrderingHarness(OrderingConfig config, Backend backend, boolean withControlInput,
            OperatorSubtaskState restoreFrom, boolean objectReuse) throws Exception {
        if (withControlInput) {
            withCommands = new KeyedTwoInputStreamOperatorTestHarness<>(
                    new OrderingOperator<>(new OrderingFunction<>(new EnvelopeAccessor(), TYPE, config)),
                    EventEnvelope::getAggregateId, OrderingCommand.BY_AGGREGATE, Types.STRING);
            eventsOnly = null;
            harness = withCommands;
        } else {
            eventsOnly = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new OrderingProcessFunction<>(new EnvelopeAccessor(), TYPE, config)),
                    EventEnvelope::getAggregateId, Types.STRING);
            withCommands = null;
            harness = eventsOnly;
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
            if (withCommands != null) {
                withCommands.processElement1(new StreamRecord<>(event));
            } else {
                eventsOnly.processElement(new StreamRecord<>(event));
            }
        }
    }

    /** Events with a record timestamp, as the KafkaSource sets it. */
    void sendAt(long timestamp, EventEnvelope... events) throws Exception {
        for (EventEnvelope event : events) {
            if (withCommands != null) {
                withCommands.processElement1(new StreamRecord<>(event, timestamp));
            } else {
                eventsOnly.processElement(new StreamRecord<>(event, timestamp));
            }
        }
    }

    /** A watermark of the event input (the command input's watermarks are ignored by the operator). */
    void watermark(long time) throws Exception {
        if (withCommands != null) {
            withCommands.processWatermark1(new Watermark(time));
        } else {
            eventsOnly.processWatermark(new Watermark(time));
        }
    }

    void unpark(String aggregateId) throws Exception {
        command(OrderingCommand.unpark(aggregateId));
    }

    void hold(String aggregateId, long sequence) throws Exception {
        command(OrderingCommand.hold(aggregateId, sequence, "malformed", "orders.dlq:0:" + sequence));
    }

    void command(OrderingCommand command) throws Exception {
        withCommands.processElement2(new StreamRecord<>(command));
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

    /** (state, aggregate) pairs with an entry, across all of the operator's keyed states; heap and RocksDB. */
    int keyedStateEntries() throws Exception {
        int entries = 0;
        for (String name : OrderingState.NAMES) {
            entries += keysWith(name);
        }
        return entries;
    }

    /** Keyed state entries besides the O(1) progress every aggregate keeps: what must not leak. */
    int entriesBesidesProgress() throws Exception {
        return keyedStateEntries() - keysWith(OrderingState.PROGRESS);
    }

    /** Aggregates with an entry, per keyed state: for assertion messages. */
    java.util.Map<String, Integer> stateSummary() throws Exception {
        java.util.Map<String, Integer> summary = new java.util.LinkedHashMap<>();
        for (String name : OrderingState.NAMES) {
            summary.put(name, keysWith(name));
        }
        return summary;
    }

    /** How many aggregates have an entry in one keyed state (see {@link OrderingState#NAMES}). */
    int keysWith(String stateName) throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        try (var keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return (int) keys.count();
        }
    }

    /** The progress of {@code aggregateId} as the operator's keyed state holds it; null if none. */
    AggregateProgress progress(String aggregateId) throws Exception {
        return progressState(aggregateId).value();
    }

    /** Puts {@code progress} into the operator's keyed state for {@code aggregateId}, as a restore leaves it. */
    void setProgress(String aggregateId, AggregateProgress progress) throws Exception {
        progressState(aggregateId).update(progress);
    }

    private ValueState<AggregateProgress> progressState(String aggregateId) throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(aggregateId);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                OrderingState.progressDescriptor());
    }

    int timers() {
        return harness.numProcessingTimeTimers() + harness.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
