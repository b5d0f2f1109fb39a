package io.eventline.common.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The saga operator in a test harness on RocksDB with Kryo switched off; outputs read as plain lists. */
final class SagaHarness implements AutoCloseable {

    final KeyedOneInputStreamOperatorTestHarness<String, SagaInput, SagaCommand> harness;

    SagaHarness(SagaDefinition definition, OperatorSubtaskState restoreFrom) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SagaProcessFunction(definition)), in -> in.sagaId, Types.STRING);
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.setup();
        if (restoreFrom == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restoreFrom);
        }
        harness.open();
    }

    void at(long time) throws Exception {
        harness.setProcessingTime(time);
    }

    void send(SagaInput in) throws Exception {
        harness.processElement(new StreamRecord<>(in));
    }

    /** The commands sent so far, as "commandType commandId #attempt @issuedAt", and forgets them. */
    List<String> takeCommands() {
        List<String> commands = harness.extractOutputValues().stream()
                .map(c -> c.commandType + " " + c.commandId + " #" + c.attempt + " @" + c.issuedAt)
                .collect(Collectors.toList());
        harness.getOutput().clear();
        return commands;
    }

    List<SagaInstance> instances() {
        List<SagaInstance> rows = new ArrayList<>();
        var queue = harness.getSideOutput(SagaProcessFunction.INSTANCES);
        if (queue != null) {
            queue.forEach(r -> rows.add(r.getValue()));
        }
        return rows;
    }

    SagaInstance lastInstance(String sagaId) {
        List<SagaInstance> rows = instances().stream().filter(r -> Objects.equals(r.sagaId, sagaId)).toList();
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    List<String> outcomes() {
        List<String> outcomes = new ArrayList<>();
        var queue = harness.getSideOutput(SagaProcessFunction.OUTCOMES);
        if (queue != null) {
            queue.forEach(r -> outcomes.add(r.getValue().toString()));
        }
        return outcomes;
    }

    /** Keys with any saga state left (counted through the backend: RocksDB has no entry count). */
    long stateEntries() throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        long count = 0;
        for (String name : List.of("saga-state", "saga-seen-replies")) {
            try (var keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
                count += keys.count();
            }
        }
        return count;
    }

    int timers() {
        return harness.numProcessingTimeTimers();
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1, 1);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
