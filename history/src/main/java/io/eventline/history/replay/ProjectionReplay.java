package io.eventline.history.replay;

import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.common.sink.UpsertTable;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.history.rebuild.Projection;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;

/**
 * The live job's own workflow ({@link OrderProjectionsJob#defineWorkflow}: the same operators, the same ordering
 * options) over the topic's history, into tables of the caller's naming (a rebuild's {@code <table>__v<N>}, an
 * as-of snapshot). Dead letters are not written again (the live job's are in the DLQ already), projection_status
 * stays the live job's, and read models not asked for are discarded.
 */
public final class ProjectionReplay {

    public static final String OCCURRED_BY_UID = "history-occurred-by";

    /** What to replay: up to a log time or the latest offsets, and optionally only events that occurred by a time. */
    public record Bounds(Instant logTime, Instant eventTime) {
        public static final Bounds LATEST = new Bounds(null, null);
    }

    private ProjectionReplay() {}

    /** Runs the replay to the end of its bounded input and returns Flink's result. */
    public static JobExecutionResult run(JobOptions options, String jdbcUrl, Map<Projection, String> targets,
            Bounds bounds, String jobName) throws Exception {
        StreamExecutionEnvironment env = HistoryReplay.environment(options.parallelism);
        JdbcSinkSettings settings = JdbcSinkSettings.builder(jdbcUrl)
                .credentials(OrderProjectionsJob.readModelSettings(options).credentials())
                .batchSize(Math.max(options.sinkBatchSize, 2_000))
                .batchIntervalMs(options.sinkFlushInterval.toMillis())
                .catchUpLag(options.sinkCatchUpLag)
                .catchUpMaxHold(options.sinkCatchUpMaxHold)
                .maxBufferedRows(options.sinkMergeMaxRows)
                .retryTimeout(options.sinkRetryTimeout)
                .createMissingTables(false) // the caller created the tables
                .build();
        DataStream<Either<EventEnvelope, DeadLetter>> history = HistoryReplay.source(env, options, bounds.logTime());
        if (bounds.eventTime() != null) {
            history = history.filter(new OccurredBy(bounds.eventTime().toEpochMilli()))
                    .uid(OCCURRED_BY_UID).name("events that occurred by " + bounds.eventTime());
        }
        Sink<OrderSummaryRow> orders = sink(ReadModelTables.ORDER_SUMMARY, targets.get(Projection.ORDER_SUMMARY), settings);
        Sink<CustomerOrdersRow> customers = sink(ReadModelTables.CUSTOMER_ORDERS, targets.get(Projection.CUSTOMER_ORDERS), settings);
        OrderProjectionsJob.defineWorkflow(history, null,
                new OrderProjectionsJob.Sinks(orders, customers, new DiscardingSink<>(), new DiscardingSink<>()),
                OrderProjectionsJob.orderingConfig(options));
        return env.execute(jobName);
    }

    private static <T> Sink<T> sink(UpsertTable<T> table, String target, JdbcSinkSettings settings) {
        return target == null ? new DiscardingSink<>() : new MergingUpsertSink<>(table.inTable(target), settings, List.of());
    }
}
