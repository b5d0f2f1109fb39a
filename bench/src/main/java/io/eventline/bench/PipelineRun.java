package io.eventline.bench;

import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderReadModels;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import io.eventline.testkit.check.ReadModelChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.eventline.common.time.LogClock;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/** Runs 3 and 4: the job's own operators (OrderProjectionsJob.process) on heap or RocksDB state, discarding sinks. */
final class PipelineRun implements BenchRun {

    private final int number;
    private final boolean rocksdb;

    PipelineRun(int number, boolean rocksdb) {
        this.number = number;
        this.rocksdb = rocksdb;
    }

    @Override
    public Report.Run run(BenchContext ctx) throws Exception {
        String backend = rocksdb ? "RocksDB" : "heap";
        BenchHarness.say("run " + number + ": full pipeline, " + backend + " state, discarding sinks");
        FlinkJobSettings flink = new FlinkJobSettings(ctx);
        String run = ctx.runId(number);
        CheckingSinks.Store store = CheckingSinks.store(run);
        long want = ctx.backlog.expectedVersionSum();
        Map<String, Long> wantDeadLetters = ctx.backlog.expectedDeadLetters();
        Cpu.Sample used;
        long start, end;
        FlinkRun.Checkpoints checkpoints;
        try {
            try (FlinkRun job = FlinkRun.start(ctx.options, flink.flinkConfiguration(rocksdb, run), env -> {
                // The job's clock: Kafka record timestamps, idle as wire() sets it from --source-idle-timeout.
                LogClock<Either<EventEnvelope, DeadLetter>, ?, ?> clock =
                        LogClock.of(flink.source(run), ctx.options.sourceIdleTimeout);
                DataStream<Either<EventEnvelope, DeadLetter>> input = env
                        .fromSource(clock.source(), clock.watermarks(), "kafka: " + BenchServices.TOPIC)
                        .uid(OrderProjectionsJob.SOURCE_UID);
                OrderProjectionsJob.Outputs outputs = OrderProjectionsJob.process(input, null, flink.orderingConfig());
                OrderReadModels.Streams models = outputs.models();
                models.orders.sinkTo(new CheckingSinks.LatestRowSink<>(run, ReadModelTables.ORDER_SUMMARY, true)).name("discard order_summary");
                models.customers.sinkTo(new CheckingSinks.LatestRowSink<>(run, ReadModelTables.CUSTOMER_ORDERS, false)).name("discard customer_orders");
                models.status.sinkTo(new CheckingSinks.CountingSink<>(run)).name("discard projection_status");
                outputs.deadLetters().sinkTo(new CheckingSinks.DeadLetterSink(run)).name("count dead letters");
            })) {
                Cpu.Sample before = ctx.services.cpu.sample();
                start = job.runningAtNanos;
                end = ctx.await(job, () -> store.orderVersionSum.sum() >= want && store.customerVersionSum.sum() >= want
                        && store.deadLetterCounts().equals(wantDeadLetters),
                        () -> String.format("versions %,d + %,d of %,d each, dead letters %s of %s",
                                store.orderVersionSum.sum(), store.customerVersionSum.sum(), want, store.deadLetterCounts(),
                                wantDeadLetters), 100, "the expected versions");
                used = ctx.services.cpu.sample().minus(before);
                checkpoints = job.checkpoints();
            }
        } finally {
            CheckingSinks.STORES.remove(run);
        }
        boolean finished = end > 0;
        if (!finished) {
            end = System.nanoTime();
        }
        List<OrderRow> orders = new ArrayList<>();
        store.orderRows.forEach(m -> m.values().forEach(r -> orders.add(ReadModelRows.toCheck((OrderSummaryRow) r))));
        List<CustomerRow> customers = new ArrayList<>();
        store.customerRows.forEach(m -> m.values().forEach(r -> customers.add(ReadModelRows.toCheck((CustomerOrdersRow) r))));
        ReadModelChecker.Result check = ReadModelChecker.check(List.of(ctx.backlog), orders, customers);
        boolean deadLettersOk = store.deadLetterCounts().equals(wantDeadLetters);
        boolean ok = check.ok() && deadLettersOk && finished;
        String checkText = (finished ? "" : "FAILED: expected state never reached; ") + check.summary()
                + (deadLettersOk ? ", dead letters as expected"
                        : ", dead letters " + store.deadLetterCounts() + " (expected " + wantDeadLetters + ")");
        return new Report.Run(number, "full pipeline, " + backend + " state, discarding sinks", ctx.records,
                (end - start) / 1e9, new Cpu.Sample(used.jvmNanos(), 0), checkText, ok,
                String.format("%s: %,d rows into the sinks (%.2f per event); checkpoints: %s", backend, store.rowsIn.sum(),
                        store.rowsIn.sum() / (double) ctx.records, checkpoints.describe()));
    }
}
