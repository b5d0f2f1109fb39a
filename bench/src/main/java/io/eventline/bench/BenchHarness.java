package io.eventline.bench;

import io.eventline.testkit.workload.OrderWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Comparator;

/**
 * The end-to-end benchmark (bench/run.sh): one workload in a real Kafka topic, up to six runs on it in turn, each
 * checked against the workload's independently computed expected result. The runs are one class each
 * ({@link ConsumerCeilingRun}, {@link PassThroughRun}, {@link PipelineRun}, {@link ProductRun}, {@link LoaderRun})
 * over the shared {@link BenchServices}; this class starts the services, produces the backlog and runs them.
 *
 * <h2>Bounded or unbounded</h2>
 * Every Flink run reads the preloaded topic with an <em>unbounded</em> KafkaSource and is stopped by the harness
 * once the expected state is observed. With {@code setBounded(latest())} the job would end at the last offset and
 * the gap timers waiting for more log time would never fire: the orders behind a permanent gap would never be
 * released. The backlog's record timestamps are a synthetic log ({@link BacklogLogTime}, {@code --log-rate}
 * records per second of log time), so the gap timeout is a fixed number of records (200,000 by default), far
 * more than any displacement of the workload (at most {@code holdWindow}, 1000 records), and the workload puts
 * permanent gaps only where the event after the gap comes in the first 80% of the stream, so they expire while
 * the run still reads. The wall-clock of a run is from the job being RUNNING until the expected state was first
 * observed (polling every 100 ms; 200 ms for PostgreSQL).
 */
public final class BenchHarness {

    private BenchHarness() {}

    public static void main(String[] args) {
        int rc;
        try {
            BenchOptions options = BenchOptions.parse(args);
            if (options == null) {
                System.exit(0);
            }
            Report report = run(options);
            Path file = report.write();
            System.out.println();
            System.out.println(report.markdown());
            System.out.println("results: " + file.toAbsolutePath());
            rc = report.ok() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            rc = 2;
        } catch (Throwable e) {
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    /** Runs the benchmark; the report says whether every run's check passed. */
    public static Report run(BenchOptions options) throws Exception {
        boolean ownWorkDir = options.workDir == null;
        if (ownWorkDir) {
            options.workDir = Files.createTempDirectory("eventline-bench-");
        }
        Report report = new Report(options);
        try {
            say("machine: " + Report.machine());
            say("starting Kafka (in-process KRaft broker), Apicurio registry and PostgreSQL ...");
            try (BenchServices services = BenchServices.start(report.notes)) {
                Thread hook = new Thread(services::close, "bench-stop-services");
                Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C stops the broker, registry JVM and PostgreSQL
                try {
                    OrderWorkload backlog = BacklogProducer.produce(options, services, report);
                    runAll(new BenchContext(options, services, backlog, report));
                } finally {
                    removeHook(hook);
                }
            }
        } finally {
            if (ownWorkDir) {
                deleteQuietly(options.workDir);
                options.workDir = null;
            }
        }
        return report;
    }

    private static void runAll(BenchContext ctx) {
        for (int number : ctx.options.runs) {
            Report.Run result;
            try {
                result = runOf(number).run(ctx);
            } catch (Exception e) {
                say("run " + number + " failed: " + e);
                e.printStackTrace(System.out);
                result = new Report.Run(number, "run " + number, ctx.records, 1, new Cpu.Sample(0, 0),
                        "FAILED: " + e.getMessage(), false, "");
            }
            ctx.report.add(result);
            say(String.format("run %d (%s): %,.0f events/s, %.1f s, %s", number, result.name(),
                    result.eventsPerSecond(), result.seconds(), result.check()));
            System.gc();
        }
    }

    private static BenchRun runOf(int number) {
        return switch (number) {
            case 1 -> ctx -> {
                // The first pass warms the JIT on decoding, as the Flink runs after it find it warm.
                say("run 1: warm-up pass (not reported)");
                ConsumerCeilingRun ceiling = new ConsumerCeilingRun();
                ceiling.run(ctx);
                return ceiling.run(ctx);
            };
            case 2 -> new PassThroughRun();
            case 3 -> new PipelineRun(3, false);
            case 4 -> new PipelineRun(4, true);
            case 5 -> new ProductRun();
            case 6 -> new LoaderRun();
            default -> throw new IllegalArgumentException("no run " + number);
        };
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            say("could not delete " + dir + ": " + e.getMessage());
        }
    }

    static void say(String line) {
        System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }
}
