package io.eventline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of one benchmark invocation, as markdown. */
public final class Report {

    /** One run's measurement. */
    public record Run(int number, String name, long events, double seconds, Cpu.Sample cpu, String check, boolean ok,
            String detail) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double cpuSeconds() {
            return cpu.jvmSeconds() + cpu.postgresSeconds();
        }

        double eventsPerCpuSecond() {
            return events / Math.max(1e-9, cpuSeconds());
        }
    }

    final Map<Integer, Run> runs = new LinkedHashMap<>();
    final List<String> workload = new ArrayList<>();
    final List<String> product = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final BenchOptions options;
    double sinkRowRatio;
    final Instant started = Instant.now();
    final String loadAtStart = loadAverage();

    Report(BenchOptions options) {
        this.options = options;
    }

    /** Whether every run's check passed. */
    public boolean ok() {
        return !runs.isEmpty() && runs.values().stream().allMatch(Run::ok);
    }

    public Map<Integer, Run> runs() {
        return runs;
    }

    void add(Run run) {
        runs.put(run.number(), run);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static String machine() {
        long memKb = 0;
        String cpuModel = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpuModel = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return String.format("%d cores (%s), %.1f GiB memory, %s %s (%s), max heap %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpuModel, memKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), bytes(Runtime.getRuntime().maxMemory()),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    private String ratio(int a, int b) {
        Run x = runs.get(a), y = runs.get(b);
        if (x == null || y == null) {
            return "n/a";
        }
        return String.format("%.2f", x.eventsPerSecond() / y.eventsPerSecond());
    }

    private String cpuRatio(int a, int b) {
        Run x = runs.get(a), y = runs.get(b);
        if (x == null || y == null) {
            return "n/a";
        }
        return String.format("%.2f", x.eventsPerCpuSecond() / y.eventsPerCpuSecond());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Eventline benchmark (").append(options.label).append(") ")
                .append(DateTimeFormatter.ISO_INSTANT.format(started)).append("\n\n");
        md.append("Machine: ").append(machine()).append("\n\n");
        md.append("Load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ").append(loadAverage())
                .append(" (other processes on the machine compete for the same cores)\n\n");
        md.append("Workload: ").append(String.join("; ", workload)).append("\n\n");
        md.append("| # | run | events | wall s | events/s | CPU s (JVM + PostgreSQL) | events per CPU-s | check |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Run r : runs.values()) {
            md.append(String.format("| %d | %s | %,d | %.1f | %,.0f | %.1f%s | %,.0f | %s |%n", r.number(), r.name(),
                    r.events(), r.seconds(), r.eventsPerSecond(), r.cpuSeconds(),
                    r.cpu().postgresNanos() > 0 ? String.format(" (%.1f + %.1f)", r.cpu().jvmSeconds(), r.cpu().postgresSeconds()) : "",
                    r.eventsPerCpuSecond(), r.check().length() > 240 ? r.check().substring(0, 240) + " ..." : r.check()));
        }
        md.append("\n| ratio | meaning | events/s | events per CPU-s | target |\n|---|---|---:|---:|---|\n");
        md.append(String.format("| 2/1 | Flink pass-through vs plain consumer (input ceiling) | %s | %s | |%n", ratio(2, 1), cpuRatio(2, 1)));
        md.append(String.format("| 4/2 | full pipeline on RocksDB vs pass-through | %s | %s | >= 0.5 |%n", ratio(4, 2), cpuRatio(4, 2)));
        md.append(String.format("| 4/3 | RocksDB vs heap state | %s | %s | |%n", ratio(4, 3), cpuRatio(4, 3)));
        md.append(String.format("| 5/4 | PostgreSQL sinks vs discarding sink | %s | %s | >= 0.7 |%n", ratio(5, 4), cpuRatio(5, 4)));
        md.append(String.format("| 5/6 | the product vs the standalone loader (sink ceiling) | %s | %s | |%n", ratio(5, 6), cpuRatio(5, 6)));
        String slowest = slowestStage();
        if (slowest != null) {
            md.append("\nSlowest stage relative to its ceiling: ").append(slowest).append('\n');
        }
        if (!product.isEmpty()) {
            md.append("\nRun 5 (the product):\n");
            product.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append("\nPer run:\n");
        for (Run r : runs.values()) {
            if (r.detail() != null && !r.detail().isEmpty()) {
                md.append("- ").append(r.number()).append(". ").append(r.detail()).append('\n');
            }
            if (!r.ok()) {
                md.append("- ").append(r.number()).append(". check: ").append(r.check()).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\nResult: ").append(ok() ? "every run's read model was checked and matched"
                : "FAILED: at least one run did not produce the expected result").append('\n');
        return md.toString();
    }

    /** A stage of the pipeline: run {@code run}'s rate against that of run {@code boundedBy}, which lacks the stage. */
    private record Stage(int run, int boundedBy, String what) {}

    private static final List<Stage> STAGES = List.of(
            new Stage(2, 1, "reading and decoding in Flink (pass-through vs plain consumer)"),
            new Stage(4, 2, "ordering + projections on RocksDB (full pipeline vs pass-through)"),
            new Stage(5, 4, "PostgreSQL upsert sinks (product vs discarding sinks)"));

    /** The stage with the lowest rate relative to the run that bounds it. */
    String slowestStage() {
        String worst = null;
        double worstRatio = Double.MAX_VALUE;
        for (Stage stage : STAGES) {
            Run a = runs.get(stage.run()), b = runs.get(stage.boundedBy());
            if (a == null || b == null) {
                continue;
            }
            double r = a.eventsPerSecond() / b.eventsPerSecond();
            if (r < worstRatio) {
                worstRatio = r;
                worst = String.format("%s, %d/%d = %.2f", stage.what(), stage.run(), stage.boundedBy(), r);
            }
        }
        if (worst != null && sinkRowRatio > 0) {
            worst += String.format(" (the sink writes rows at %.2f of the standalone loader's rows/s)", sinkRowRatio);
        }
        return worst;
    }

    Path write() throws java.io.IOException {
        Files.createDirectories(options.resultsDir);
        String name = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started)
                + "-" + options.label + ".md";
        Path file = options.resultsDir.resolve(name);
        Files.writeString(file, markdown());
        return file;
    }
}
