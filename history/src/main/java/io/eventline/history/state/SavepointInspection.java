package io.eventline.history.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads the ordering state of a savepoint or a retained checkpoint with Flink's State Processor API (a bounded
 * batch job on a local MiniCluster). RocksDB reads both canonical savepoints and the job's incremental RocksDB
 * checkpoints.
 */
public final class SavepointInspection {

    private SavepointInspection() {}

    /** Every aggregate that passes {@code filter}, by aggregateId. */
    public static List<AggregateState> read(String path, String orderingUid, Predicate<AggregateState> filter)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        SavepointReader savepoint = SavepointReader.read(env, path, new EmbeddedRocksDBStateBackend());
        List<AggregateState> out = new ArrayList<>();
        try (CloseableIterator<AggregateState> it = savepoint
                .readKeyedState(OperatorIdentifier.forUid(orderingUid), new OrderingStateReader(), Types.STRING,
                        TypeInformation.of(AggregateState.class))
                .executeAndCollect("eventline state " + path)) {
            while (it.hasNext()) {
                AggregateState s = it.next();
                if (filter.test(s)) {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparing(s -> s.aggregateId));
        return out;
    }
}
