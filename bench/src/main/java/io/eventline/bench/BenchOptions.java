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
    /** Records per second of log time: the step of the backlog's record timestamps ({@link BacklogLogTime}). */
    public double logRate = 20_000;
    /** Share of events displaced far behind their successors (the "displaced backlog" workload); 0: none. */
    public double displacedBacklogRate;
    /** Records such an event arrives after its first successor. */
    public int displacement = 100_000;
    public int parallelism = 2;
    public Duration gapTimeout = Duration.ofSeconds(10);
    public Duration checkpointInterval = Duration.ofSeconds(10);
    /**
     * The job's --source-idle-timeout: 30 s, above the job's default 10 s. A partition that delivers nothing for
     * this long without its reader being backpressured counts as caught up, and its log clock runs on at wall
     * speed. A reader takes its partitions in fetch chunks (max.partition.fetch.bytes, 1 MiB: about 3,300 of these
     * records), so a partition waits its turn while the reader works through its other partition's chunk: at the
     * few hundred events per second per reader of the shared machine under load, about 11 s, longer than 10 s,
     * and a displaced event still unread in that partition was dead-lettered late-after-skip (run 5 of the smoke
     * size, 1 of ~3,000). Nothing in the runs waits for the idle fallback: the gaps expire within the backlog.
     */
    public Duration sourceIdleTimeout = Duration.ofSeconds(30);
    public int batchSize = 500;
    /** Run 5's sink settings; the job's defaults unless given. */
    public Duration flushInterval = Duration.ofMillis(200);
    public Duration sinkCatchUpLag = Duration.ofSeconds(5);
    public int sinkMergeMaxRows = 50_000;
    /** {@code null}: the job's default. */
    public Duration sinkCatchUpMaxHold;
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
    /** {@code --flink KEY=VALUE}: Flink settings on top of every Flink run's configuration (lever comparisons). */
    public java.util.Map<String, String> flinkSettings = new java.util.LinkedHashMap<>();
    /** {@code --no-object-reuse}: the Flink runs without the job's object reuse (lever comparisons). */
    public boolean noObjectReuse;

    static final String USAGE = String.join("\n",
            "usage: bench/run.sh [--quick] [--events N] [--aggregates N] [--skew zipf|uniform] [options]",
            "  --quick                 200K events over 10K aggregates, 10 s latency phase (a few minutes)",
            "  --large                 10M events over 1M aggregates (hours on 2 cores; run with BENCH_JAVA_OPTS=-Xmx8g)",
            "  --events N              events drawn (default 2000000; duplicates come on top)",
            "  --aggregates N          orders (aggregates) the events are spread over (default 100000)",
            "  --skew zipf|uniform     key choice (default uniform); --zipf-exponent S (default 0.99)",
            "  --parallelism N         Flink parallelism and consumer threads of run 1 (default 2)",
            "  --gap-timeout D         ordering gap timeout, ISO-8601 or seconds (default 10; quick 5)",
            "  --checkpoint-interval D default 10 s (quick: 3 s)",
            "  --source-idle-timeout D the job's idle fallback of the log clock (default 30 s; the job's is 10 s)",
            "  --flink KEY=VALUE       a Flink setting on top of every Flink run's configuration (repeatable)",
            "  --no-object-reuse       the Flink runs without the job's object reuse",
            "  --label NAME            the result file's label (default: default, quick or displaced)",
            "  --log-rate N            records per second of log time in the backlog's record timestamps (default 20000)",
            "  --displaced-backlog F   the displaced-backlog workload: share F of the events arrive --displacement",
            "                          records (default 100000) after their first successor; label 'displaced'",
            "  --batch-size N          JDBC batch size of run 5 and the loader (default 500)",
            "  --flush-interval D      run 5's --sink-flush-interval (default 0.2 s, the job's)",
            "  --sink-catch-up-lag D   run 5's --sink-catch-up-lag (default 5, the job's; 0 turns the merge window off)",
            "  --sink-merge-max-rows N run 5's --sink-merge-max-rows (default 50000, the job's)",
            "  --sink-catch-up-max-hold D run 5's --sink-catch-up-max-hold (default: the job's)",
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
            } else if (a.equals("--large")) {
                o.large();
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick", "--large" -> { }
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
                case "--flink" -> {
                    String[] kv = args[++i].split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--flink takes KEY=VALUE: " + args[i]);
                    }
                    o.flinkSettings.put(kv[0], kv[1]);
                }
                case "--no-object-reuse" -> o.noObjectReuse = true;
                case "--label" -> o.label = args[++i];
                case "--log-rate" -> o.logRate = Double.parseDouble(args[++i].replace("_", ""));
                case "--displaced-backlog" -> {
                    o.displacedBacklogRate = Double.parseDouble(args[++i]);
                    o.label = o.label.equals("default") ? "displaced" : o.label + "-displaced";
                }
                case "--displacement" -> o.displacement = Integer.parseInt(args[++i].replace("_", ""));
                case "--parallelism" -> o.parallelism = Integer.parseInt(args[++i]);
                case "--gap-timeout" -> o.gapTimeout = duration(args[++i]);
                case "--checkpoint-interval" -> o.checkpointInterval = duration(args[++i]);
                case "--source-idle-timeout" -> o.sourceIdleTimeout = duration(args[++i]);
                case "--batch-size" -> o.batchSize = Integer.parseInt(args[++i]);
                case "--flush-interval" -> o.flushInterval = duration(args[++i]);
                case "--sink-catch-up-lag" -> o.sinkCatchUpLag = duration(args[++i]);
                case "--sink-merge-max-rows" -> o.sinkMergeMaxRows = Integer.parseInt(args[++i].replace("_", ""));
                case "--sink-catch-up-max-hold" -> o.sinkCatchUpMaxHold = duration(args[++i]);
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
        o.checkDisplacementsFitGapTimeout();
        return o;
    }

    /**
     * The expected result has every displaced event applied in order, which holds only if it arrives within the
     * gap timeout of log time after its successor: refuse settings under which the right answer is a dead letter.
     */
    void checkDisplacementsFitGapTimeout() {
        long gapRecords = (long) (gapTimeout.toMillis() / 1000.0 * logRate);
        long farthest = displacedBacklogRate > 0 ? Math.max(holdWindow, displacement) : holdWindow;
        if (farthest * 2 > gapRecords) {
            throw new IllegalArgumentException(String.format("displaced events arrive up to %,d records after their "
                    + "successor, but the gap timeout (%d ms at --log-rate %.0f) is only %,d records of log time: "
                    + "raise --log-rate or --gap-timeout to at least twice the displacement", farthest,
                    gapTimeout.toMillis(), logRate, gapRecords));
        }
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

    /** The 1M-aggregate size: the scale check against the default's 100K aggregates. */
    BenchOptions large() {
        label = "large";
        events = 10_000_000;
        aggregates = 1_000_000;
        runTimeout = Duration.ofHours(3);
        return this;
    }

    static Duration duration(String s) {
        return s.startsWith("P") || s.startsWith("p") ? Duration.parse(s.toUpperCase()) : Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    }

    /** The backlog: the testkit workload with this run's sizes and fault rates, ids prefixed "bl-". */
    WorkloadSettings workload() {
        return WorkloadSettings.builder().seed(seed).events(events).aggregates(aggregates).zipf(zipf, zipfExponent)
                .duplicateRate(duplicateRate).outOfOrderRate(outOfOrderRate).gapRate(gapRate).maxDisplacement(5)
                .holdWindow(holdWindow).displacedBacklog(displacedBacklogRate, displacement).idPrefix("bl-").build();
    }
}
