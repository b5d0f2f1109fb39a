package io.eventline.bench;

import io.eventline.jobs.orders.OrderProjectionsJob;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Run 2: Flink reading and decoding only (KafkaSource, the job's deserializer, a discarding sink). */
final class PassThroughRun implements BenchRun {

    @Override
    public Report.Run run(BenchContext ctx) throws Exception {
        BenchHarness.say("run 2: Flink pass-through: KafkaSource -> deserializer -> discarding sink");
        FlinkJobSettings flink = new FlinkJobSettings(ctx);
        String run = ctx.runId(2);
        CheckingSinks.Store store = CheckingSinks.store(run);
        long records = ctx.records;
        Cpu.Sample used;
        long start, end;
        try (FlinkRun job = FlinkRun.start(ctx.options, flink.flinkConfiguration(false, run), env -> env
                .fromSource(flink.source(run), WatermarkStrategy.noWatermarks(), "kafka: " + BenchServices.TOPIC)
                .uid(OrderProjectionsJob.SOURCE_UID)
                .sinkTo(new CheckingSinks.EventSink(run)).name("discard"))) {
            Cpu.Sample before = ctx.services.cpu.sample();
            start = job.runningAtNanos;
            end = ctx.await(job, () -> store.events.sum() >= records,
                    () -> String.format("%,d of %,d records", store.events.sum(), records), 100, "all records");
            if (end < 0) {
                end = System.nanoTime();
            }
            used = ctx.services.cpu.sample().minus(before);
        } finally {
            CheckingSinks.STORES.remove(run);
        }
        long want = ctx.backlog.checksum();
        boolean ok = store.events.sum() == records && store.eventChecksum.sum() == want && store.undecodable.sum() == 0;
        return new Report.Run(2, "Flink pass-through (KafkaSource, deserializer, discarding sink)", records,
                (end - start) / 1e9, new Cpu.Sample(used.jvmNanos(), 0),
                ok ? String.format("ok: %,d events, checksum matches", store.events.sum())
                        : String.format("FAILED: %,d events, %d undecodable, checksum %s", store.events.sum(),
                                store.undecodable.sum(), store.eventChecksum.sum() == want ? "matches" : "differs"),
                ok, "CPU: this JVM (MiniCluster and in-process broker) from job RUNNING to the last record");
    }
}
