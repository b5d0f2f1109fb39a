package io.eventline.bench;

import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.testkit.workload.OrderWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Run 1, the input ceiling: plain KafkaConsumers decoding every record with the job's deserializer. */
final class ConsumerCeilingRun implements BenchRun {

    /** What one consumer thread read. */
    private record Tally(long events, long checksum, long undecodable) {}

    @Override
    public Report.Run run(BenchContext ctx) throws Exception {
        int threads = ctx.options.parallelism;
        BenchHarness.say("run 1: plain KafkaConsumer, " + threads + " threads, decoding every record with the job's deserializer");
        Cpu.Sample before = ctx.services.cpu.sample();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Tally>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            parts.add(pool.submit(() -> readPartitionsOf(ctx, thread, threads)));
        }
        long n = 0, sum = 0, bad = 0;
        try {
            for (Future<Tally> f : parts) {
                Tally r = f.get(ctx.options.runTimeout.toMillis(), TimeUnit.MILLISECONDS);
                n += r.events();
                sum += r.checksum();
                bad += r.undecodable();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Sample used = ctx.services.cpu.sample().minus(before);
        long want = ctx.backlog.checksum();
        boolean ok = n == ctx.records && sum == want && bad == 0;
        return new Report.Run(1, "KafkaConsumer + Avro decode (input ceiling)", n, seconds, new Cpu.Sample(used.jvmNanos(), 0),
                ok ? String.format("ok: %,d events, checksum matches", n)
                        : String.format("FAILED: %,d events (%,d expected), %d undecodable, checksum %s", n, ctx.records,
                                bad, sum == want ? "matches" : "differs"),
                ok, "CPU: this JVM (consumer threads and the in-process broker serving them)");
    }

    private static Tally readPartitionsOf(BenchContext ctx, int thread, int threads) throws Exception {
        EnvelopeRecordDeserializer decoder = new EnvelopeRecordDeserializer(ctx.services.registryConfig, FlinkJobSettings.JOB);
        long n = 0, sum = 0, bad = 0;
        try (KafkaConsumer<byte[], byte[]> c = ctx.services.consumer()) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = thread; p < BenchServices.PARTITIONS; p += threads) {
                mine.add(new TopicPartition(BenchServices.TOPIC, p));
            }
            c.assign(mine);
            c.seekToBeginning(mine);
            Map<TopicPartition, Long> end = c.endOffsets(mine);
            while (mine.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Either<EventEnvelope, DeadLetter> e = decoder.decode(r);
                    n++;
                    if (e.isLeft()) {
                        sum += OrderWorkload.eventChecksum(e.left().getEventId(), e.left().getSequenceNumber());
                    } else {
                        bad++;
                    }
                }
            }
        }
        return new Tally(n, sum, bad);
    }
}
