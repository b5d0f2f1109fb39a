package io.eventline.jobs.orders.projection;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/** Keyed by projection name: folds {@link ProjectionTick}s into the {@code projection_status} row. */
public class ProjectionStatusFunction extends KeyedProcessFunction<String, ProjectionTick, ProjectionStatusRow> {

    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "projection-status";

    private final SerializableSupplier<Instant> clock;
    private transient ValueState<ProjectionStatusRow> status;

    /** @param clock the processing-time clock; tests pass a fixed one */
    public ProjectionStatusFunction(SerializableSupplier<Instant> clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        status = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(ProjectionStatusRow.class)));
    }

    @Override
    public void processElement(ProjectionTick tick, Context ctx, Collector<ProjectionStatusRow> out) throws Exception {
        ProjectionStatusRow next = ProjectionStatusProjection.apply(status.value(), tick, clock.get());
        status.update(next);
        out.collect(next);
    }
}
