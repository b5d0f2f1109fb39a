package io.eventline.bench;

import io.eventline.events.EventEnvelope;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Latency from produce to row visible, on the running product job at a fixed fraction of its backlog rate.
 *
 * <p>Open loop: record i is due at {@code start + i / rate}, whatever happened to the records before it; its
 * event time is that scheduled instant, and its latency is measured from it (a producer that falls behind
 * adds to the latency rather than hiding it). A sample of the records (about 300 per second) are probes: an
 * order id and a sequence number. A poller asks PostgreSQL every {@code pollMs} for the {@code last_sequence} of
 * the outstanding probes' orders (primary-key lookups); a probe is visible once its order's row has reached its
 * sequence number. Latency = start of the first query that saw it - scheduled send time, so it errs high by at
 * most one poll interval.
 */
final class LatencyPhase {

    private final OrderWorkload workload;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RegistryAvroSerializationSchema<EventEnvelope> value;
    private final String topic;
    private final String jdbcUrl;
    private final int pollMs;

    LatencyPhase(OrderWorkload workload, KafkaProducer<byte[], byte[]> producer,
            RegistryAvroSerializationSchema<EventEnvelope> value, String topic, String jdbcUrl, int pollMs) {
        this.workload = workload;
        this.producer = producer;
        this.value = value;
        this.topic = topic;
        this.jdbcUrl = jdbcUrl;
        this.pollMs = pollMs;
    }

    interface AliveCheck {
        void check() throws Exception;
    }

    record Probe(String orderId, long sequence, long dueNanos) {}

    /** Latencies above this (the p99 target) are counted by the second of the phase they were sent in. */
    static final long SLOW_MS = 500;

    /**
     * @param startMillis wall-clock start of the phase (second 0 of {@code slowBySecond})
     * @param slowBySecond how many probes sent in each second of the phase took over {@link #SLOW_MS}, most first
     */
    record Result(double targetRate, double achievedRate, long records, long probes, long unresolved, long p50Ms,
            long p99Ms, long maxMs, int pollMs, long maxSendLagMs, long startMillis, long slowProbes,
            String slowBySecond) {
        String describe() {
            return String.format("latency at %,.0f events/s target (%,.0f achieved, %,d records): produce-to-row-visible "
                            + "p50 %d ms, p99 %d ms, max %d ms over %,d probes (poll interval %d ms; producer at most %d ms "
                            + "behind schedule)%s; %,d probes over %d ms%s", targetRate, achievedRate, records, p50Ms,
                    p99Ms, maxMs, probes, pollMs, maxSendLagMs,
                    unresolved > 0 ? "; " + unresolved + " probes never visible" : "", slowProbes, SLOW_MS,
                    slowProbes == 0 ? "" : ", by the second of the phase they were sent in: " + slowBySecond);
        }
    }

    Result run(double rate, AliveCheck alive) throws Exception {
        ConcurrentLinkedQueue<Probe> fresh = new ConcurrentLinkedQueue<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Long> latencies = new ArrayList<>();
        List<Long> slowDueNanos = new ArrayList<>();
        long[] unresolved = {0};
        Exception[] pollerError = {null};
        Thread poller = new Thread(() -> {
            try {
                unresolved[0] = poll(fresh, producing, latencies, slowDueNanos);
            } catch (Exception e) {
                pollerError[0] = e;
            }
        }, "latency-poller");
        poller.setDaemon(true);
        poller.start();

        double intervalNanos = 1e9 / rate;
        int sampleEvery = (int) Math.max(1, Math.round(rate / 300));
        long baseNanos = System.nanoTime() + 100_000_000L;
        long baseMillis = System.currentTimeMillis() + 100;
        long[] scheduledMillis = {baseMillis};
        workload.useClock(() -> scheduledMillis[0]);
        long i = 0;
        long maxLag = 0;
        long probes = 0;
        long lastAliveCheck = System.nanoTime();
        while (true) {
            long due = baseNanos + (long) (i * intervalNanos);
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                now = System.nanoTime();
            }
            maxLag = Math.max(maxLag, now - due);
            scheduledMillis[0] = baseMillis + (due - baseNanos) / 1_000_000;
            Outgoing out = workload.next();
            if (out == null) {
                break;
            }
            byte[] v = value.serialize(out.event());
            producer.send(new ProducerRecord<>(topic, null, out.event().getTimestamp().toEpochMilli(),
                    out.event().getAggregateId().getBytes(StandardCharsets.UTF_8), v));
            if (!out.duplicate() && i % sampleEvery == 0) {
                fresh.add(new Probe(out.event().getAggregateId(), out.sequence(), due));
                probes++;
            }
            i++;
            if (now - lastAliveCheck > 1_000_000_000L) {
                lastAliveCheck = now;
                alive.check();
            }
        }
        double seconds = (System.nanoTime() - baseNanos) / 1e9;
        producer.flush();
        producing.set(false);
        poller.join(120_000);
        if (pollerError[0] != null) {
            throw pollerError[0];
        }
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return new Result(rate, i / seconds, i, probes, unresolved[0],
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                pollMs, maxLag / 1_000_000, baseMillis, slowDueNanos.size(), bySecond(slowDueNanos, baseNanos));
    }

    /** "12 s: 140, 22 s: 95, ..." (at most eight seconds, most first): when the slow probes were sent. */
    static String bySecond(List<Long> dueNanos, long baseNanos) {
        Map<Long, Long> counts = new TreeMap<>();
        synchronized (dueNanos) {
            for (long due : dueNanos) {
                counts.merge(Math.max(0, (due - baseNanos) / 1_000_000_000L), 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(8)
                .map(e -> e.getKey() + " s: " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Polls until every probe is visible (or 60 s after the producer stopped); returns the probes never seen. */
    private long poll(ConcurrentLinkedQueue<Probe> fresh, AtomicBoolean producing, List<Long> latencies,
            List<Long> slowDueNanos) throws Exception {
        Map<String, List<Probe>> outstanding = new HashMap<>();
        long stoppedAt = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT order_id, last_sequence FROM order_summary WHERE order_id = ANY(?)")) {
            while (true) {
                Probe p;
                while ((p = fresh.poll()) != null) {
                    outstanding.computeIfAbsent(p.orderId(), k -> new ArrayList<>()).add(p);
                }
                boolean stillProducing = producing.get();
                if (!stillProducing && stoppedAt == 0) {
                    stoppedAt = System.nanoTime();
                }
                if (!stillProducing && fresh.isEmpty() && outstanding.isEmpty()) {
                    return 0;
                }
                if (stoppedAt != 0 && System.nanoTime() - stoppedAt > 60_000_000_000L) {
                    return outstanding.values().stream().mapToLong(List::size).sum();
                }
                long queryAt = System.nanoTime();
                if (!outstanding.isEmpty()) {
                    Array ids = c.createArrayOf("text", outstanding.keySet().toArray());
                    ps.setArray(1, ids);
                    try (ResultSet r = ps.executeQuery()) {
                        while (r.next()) {
                            String id = r.getString(1);
                            long seq = r.getLong(2);
                            List<Probe> waiting = outstanding.get(id);
                            if (waiting == null) {
                                continue;
                            }
                            waiting.removeIf(w -> {
                                if (w.sequence() <= seq) {
                                    long latency = Math.max(0, (queryAt - w.dueNanos()) / 1_000_000);
                                    synchronized (latencies) {
                                        latencies.add(latency);
                                    }
                                    if (latency > SLOW_MS) {
                                        synchronized (slowDueNanos) {
                                            slowDueNanos.add(w.dueNanos());
                                        }
                                    }
                                    return true;
                                }
                                return false;
                            });
                            if (waiting.isEmpty()) {
                                outstanding.remove(id);
                            }
                        }
                    }
                    ids.free();
                }
                long sleep = pollMs - (System.nanoTime() - queryAt) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
    }
}
