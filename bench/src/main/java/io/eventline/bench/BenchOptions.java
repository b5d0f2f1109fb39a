package io.eventline.bench;

import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** Settings of one benchmark invocation; {@link #parse} reads bench/run.sh's flags. */
public final class BenchOptions {

    public boolean quick;
    public long events = 2_000_000;
    public int aggregates = 100_000;
    public boolean zipf;
    public double zipfExponent = 0.99;
    public double duplicateRate = 0.05;
    public double outOfOrderRate = 0.10;
    public double gapRate = 0.001;
    public int holdWindow = 1_000;
    public int parallelism = 2;
    public Duration gapTimeout = Duration.ofSeconds(10);
    public Duration checkpointInterval = Duration.ofSeconds(10);
    public int batchSize = 500;
    public Duration flushInterval = Duration.ofSeconds(1);
    public Duration latencyPhase = Duration.ofSeconds(30);
    public double latencyLoad = 0.5;
    public int latencyPollMs = 20;
    public Duration runTimeout = Duration.ofMinutes(15);
    public long seed = 42;
    public Set<Integer> runs = new TreeSet<>(Set.of(1, 2, 3, 4, 5, 6));
    public Path resultsDir = Path.of("bench", "results");
    /** Checkpoints of the runs; {@code null}: a fresh temporary folder, deleted at the end. */
    public Path workDir;
    public String label = "default";

    static final String USAGE = String.join("\n",
            "usage: bench/run.sh [--quick] [--events N] [--aggregates N] [--skew zipf|uniform] [options]",
            "  --quick                 200K events over 10K aggregates, 10 s latency phase (a few minutes)",
            "  --events N              events drawn (default 2000000; duplicates come on top)",
            "  --aggregates N          orders (aggregates) the events are spread over (default 100000)",
            "  --skew zipf|uniform     key choice (default uniform); --zipf-exponent S (default 0.99)",
            "  --parallelism N         Flink parallelism and consumer threads of run 1 (default 2)",
            "  --gap-timeout D         ordering gap timeout, ISO-8601 or seconds (default 10; quick 5)",
            "  --checkpoint-interval D default 10 s (quick: 3 s)",
            "  --batch-size N          JDBC batch size of run 5 and the loader (default 500)",
            "  --latency-seconds N     length of run 5's open-loop latency phase (default 30; 0 skips it)",
            "  --latency-load F        its rate as a fraction of run 5's backlog rate (default 0.5)",
            "  --runs 1,2,3            which runs (default all: 1-6)",
            "  --results-dir DIR       where the markdown result goes (default bench/results)",
            "  --seed N                workload seed (default 42)");

    public static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        for (String a : args) {
            if (a.equals("--quick")) {
                o.quick();
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--events" -> o.events = Long.parseLong(args[++i].replace("_", ""));
                case "--aggregates" -> o.aggregates = Integer.parseInt(args[++i].replace("_", ""));
                case "--skew" -> {
                    String s = args[++i];
                    if (!s.equals("zipf") && !s.equals("uniform")) {
                        throw new IllegalArgumentException("--skew must be zipf or uniform: " + s);
                    }
                    o.zipf = s.equals("zipf");
                }
                case "--zipf-exponent" -> o.zipfExponent = Double.parseDouble(args[++i]);
                case "--duplicates" -> o.duplicateRate = Double.parseDouble(args[++i]);
                case "--out-of-order" -> o.outOfOrderRate = Double.parseDouble(args[++i]);
                case "--gaps" -> o.gapRate = Double.parseDouble(args[++i]);
                case "--parallelism" -> o.parallelism = Integer.parseInt(args[++i]);
                case "--gap-timeout" -> o.gapTimeout = duration(args[++i]);
                case "--checkpoint-interval" -> o.checkpointInterval = duration(args[++i]);
                case "--batch-size" -> o.batchSize = Integer.parseInt(args[++i]);
                case "--latency-seconds" -> o.latencyPhase = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--latency-load" -> o.latencyLoad = Double.parseDouble(args[++i]);
                case "--run-timeout" -> o.runTimeout = duration(args[++i]);
                case "--runs" -> {
                    o.runs = new TreeSet<>();
                    for (String r : args[++i].split(",")) {
                        o.runs.add(Integer.parseInt(r.trim()));
                    }
                }
                case "--results-dir" -> o.resultsDir = Path.of(args[++i]);
                case "--work-dir" -> o.workDir = Path.of(args[++i]);
                case "--seed" -> o.seed = Long.parseLong(args[++i]);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return o;
    }

    BenchOptions quick() {
        quick = true;
        label = "quick";
        events = 200_000;
        aggregates = 10_000;
        gapTimeout = Duration.ofSeconds(5);
        checkpointInterval = Duration.ofSeconds(3);
        latencyPhase = Duration.ofSeconds(10);
        runTimeout = Duration.ofMinutes(5);
        return this;
    }

    static Duration duration(String s) {
        return s.startsWith("P") || s.startsWith("p") ? Duration.parse(s.toUpperCase()) : Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    }

    /** The backlog: the testkit workload with this run's sizes and fault rates, ids prefixed "bl-". */
    WorkloadSettings workload() {
        return WorkloadSettings.builder().seed(seed).events(events).aggregates(aggregates).zipf(zipf, zipfExponent)
                .duplicateRate(duplicateRate).outOfOrderRate(outOfOrderRate).gapRate(gapRate).maxDisplacement(5)
                .holdWindow(holdWindow).idPrefix("bl-").build();
    }
}
