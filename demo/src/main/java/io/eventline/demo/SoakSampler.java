package io.eventline.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples a running job once per interval: heap after a forced GC on the TaskManager, the latest checkpoint's state
 * size, rows so far and the checkpoints completed since the last sample, alone and with those of the samples before
 * it (a trailing window of {@code windowSamples} samples). Checkpoints are polled every few seconds, since the REST
 * API keeps only the last ten.
 */
final class SoakSampler {

    private final StandaloneCluster cluster;
    private final String job;
    private final LongSupplier recordsSent;
    private final TreeMap<Long, FlinkRest.Checkpoint> seen = new TreeMap<>();
    private final CheckpointWindow window;
    private long lastSampledCheckpoint = -1;

    SoakSampler(StandaloneCluster cluster, String job, LongSupplier recordsSent, int windowSamples) {
        this.cluster = cluster;
        this.job = job;
        this.recordsSent = recordsSent;
        this.window = new CheckpointWindow(windowSamples);
    }

    /** Samples every {@code intervalMillis} for {@code durationMillis}; polls checkpoints every 3 s in between. */
    List<SoakSample> run(long durationMillis, long intervalMillis) throws Exception {
        List<SoakSample> samples = new ArrayList<>();
        long start = System.currentTimeMillis();
        long next = start + intervalMillis;
        while (System.currentTimeMillis() - start < durationMillis) {
            Thread.sleep(Math.max(0, Math.min(3_000, next - System.currentTimeMillis())));
            cluster.rest.completedCheckpoints(job).forEach(c -> seen.put(c.id(), c));
            if (System.currentTimeMillis() >= next) {
                samples.add(sample(System.currentTimeMillis() - start));
                System.out.println("soak: " + samples.get(samples.size() - 1));
                next += intervalMillis;
            }
        }
        return samples;
    }

    private SoakSample sample(long elapsed) throws Exception {
        List<Long> durations = new ArrayList<>();
        long stateBytes = -1;
        for (FlinkRest.Checkpoint c : seen.values()) {
            stateBytes = c.stateBytes();
            if (c.id() > lastSampledCheckpoint) {
                durations.add(c.durationMillis());
            }
        }
        if (!seen.isEmpty()) {
            lastSampledCheckpoint = seen.lastKey();
        }
        long max = durations.stream().mapToLong(Long::longValue).max().orElse(-1);
        long windowMedian = window.add(durations);
        return new SoakSample(elapsed, recordsSent.getAsLong(), heapAfterGc(), stateBytes, orderRows(), max,
                CheckpointWindow.median(durations), durations.size(), windowMedian);
    }

    /**
     * The TaskManager's live heap, as an operator would read it: {@code jcmd GC.class_histogram} runs a full GC and
     * counts the objects that survived it, inside the same safepoint (its "Total" line: instances, bytes). Not
     * {@code GC.run} and then {@code GC.heap_info}: the second jcmd starts half a second after the GC, and what the
     * task threads allocated in between (tens of MiB at the soak's rate) was counted as retained heap.
     */
    private long heapAfterGc() throws Exception {
        String histogram = jcmd(String.valueOf(cluster.taskManagerPid()), "GC.class_histogram");
        return histogram == null ? -1 : liveBytes(histogram);
    }

    /** The bytes of the "Total" line of a class histogram, -1 if there is none. */
    static long liveBytes(String histogram) {
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$")
                .matcher(histogram);
        return total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    }

    private long orderRows() {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM order_summary")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
