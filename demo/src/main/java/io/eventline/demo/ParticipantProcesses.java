package io.eventline.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The saga's participants as a user runs them: one {@code deploy/scripts/saga-participant.sh} process each, with
 * its fault switches. A watchdog (as a process supervisor would) starts a participant again after it exited on its
 * own (an injected crash exits with status 1); {@link #kill} SIGKILLs one and keeps it down for a while.
 */
final class ParticipantProcesses implements AutoCloseable {

    static final List<String> NAMES = List.of("inventory", "payment", "shipping");

    private final Path script;
    private final Path logs;
    private final List<String> switches;
    private final String bootstrap;
    private final String jdbcUrl;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Long> heldDownUntil = new LinkedHashMap<>();
    private final AtomicInteger seeds = new AtomicInteger(1000);
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final Thread watchdog = new Thread(this::watch, "participant-watchdog");
    private volatile boolean watching = true;

    /** {@code switches}: the fault options of saga-participant.sh (e.g. --crash-probability 0.02), seeds apart. */
    ParticipantProcesses(Path repo, Path logs, String bootstrap, String jdbcUrl, List<String> switches) {
        this.script = repo.resolve("deploy/scripts/saga-participant.sh");
        this.logs = logs;
        this.bootstrap = bootstrap;
        this.jdbcUrl = jdbcUrl;
        this.switches = List.copyOf(switches);
    }

    /** Starts the three participants and the watchdog. */
    ParticipantProcesses start() throws IOException {
        Files.createDirectories(logs);
        for (String name : NAMES) {
            launch(name);
        }
        watchdog.setDaemon(true);
        watchdog.start();
        return this;
    }

    private synchronized void launch(String name) throws IOException {
        int seed = seeds.incrementAndGet();
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), name,
                "--bootstrap-servers", bootstrap, "--jdbc-url", jdbcUrl, "--seed", String.valueOf(seed),
                // static membership: a restarted participant takes its partitions back at once, as a supervised
                // service with a stable identity does (dynamic membership waits out the dead member's session)
                "--instance-id", name + "-1"));
        command.addAll(switches);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        pb.environment().put("JAVA_OPTS", "-Xmx256m");
        running.put(name, pb.start());
    }

    private void watch() {
        while (watching) {
            for (String name : NAMES) {
                try {
                    restartIfExited(name);
                } catch (IOException e) {
                    System.err.println("watchdog: could not start " + name + ": " + e.getMessage());
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void restartIfExited(String name) throws IOException {
        Process p = running.get(name);
        if (!watching || p == null || p.isAlive() || System.currentTimeMillis() < heldDownUntil.getOrDefault(name, 0L)) {
            return;
        }
        if (!heldDownUntil.containsKey(name)) {
            restarts.incrementAndGet(); // exited by itself: an injected crash (or an error: see its log)
        }
        heldDownUntil.remove(name);
        launch(name);
    }

    /** SIGKILLs a participant (mid-batch, mid-transaction maybe); the watchdog starts it again after {@code downMillis}. */
    synchronized void kill(String name, long downMillis) throws InterruptedException {
        heldDownUntil.put(name, System.currentTimeMillis() + downMillis);
        Process p = running.get(name);
        p.destroyForcibly(); // bash exec'ed java: this is the participant's JVM
        p.waitFor(30, TimeUnit.SECONDS);
        kills.incrementAndGet();
    }

    /** Participants started again after they exited on their own. */
    int restarts() {
        return restarts.get();
    }

    int kills() {
        return kills.get();
    }

    /** Stops the watchdog, then every participant with SIGTERM (a clean stop), SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        watching = false;
        watchdog.interrupt();
        watchdog.join(10_000);
        List<Process> all;
        synchronized (this) {
            all = new ArrayList<>(running.values());
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
