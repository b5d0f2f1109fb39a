package io.eventline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the processes a run involves: this JVM (the harness, the Flink MiniCluster and the in-process Kafka
 * broker) through the OperatingSystemMXBean, and the PostgreSQL server (postmaster, its live children and, through
 * the postmaster's cutime/cstime, the children that exited) through /proc.
 */
final class Cpu {

    private static final double TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux

    private final long postmasterPid;

    Cpu(long postmasterPid) {
        this.postmasterPid = postmasterPid;
    }

    record Sample(long jvmNanos, long postgresNanos) {
        Sample minus(Sample before) {
            return new Sample(jvmNanos - before.jvmNanos, postgresNanos - before.postgresNanos);
        }

        double jvmSeconds() {
            return jvmNanos / 1e9;
        }

        double postgresSeconds() {
            return postgresNanos / 1e9;
        }
    }

    Sample sample() {
        return new Sample(jvmCpuNanos(), postgresCpuNanos());
    }

    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    long postgresCpuNanos() {
        if (postmasterPid <= 0) {
            return 0;
        }
        long ticks = ticks(postmasterPid, true);
        var handle = ProcessHandle.of(postmasterPid);
        if (handle.isPresent()) {
            for (ProcessHandle child : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
                ticks += ticks(child.pid(), false);
            }
        }
        return (long) (ticks * TICK_NANOS);
    }

    private static long ticks(long pid, boolean withExitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17)
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withExitedChildren) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return 0; // the process just exited
        }
    }
}
