package io.eventline.testkit.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One broker server process from a Debian package, run as this JVM's own child on a loopback port (never the
 * system service), with its output in a log file of its private folder. Stopped by pid (and its descendants),
 * restartable on the same port with the same data: the outage a source must ride out.
 */
public final class ServerProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path dir;
    private final int port;
    private final Duration startTimeout;
    private final String readyLine;
    private Process process;

    public ServerProcess(String name, List<String> command, Map<String, String> environment, Path dir, int port,
            Duration startTimeout) {
        this(name, command, environment, dir, port, startTimeout, null);
    }

    /**
     * @param readyLine when not null, the server counts as up only once its log has this text after this start
     *     (RabbitMQ listens before its plugins run: a message published then to a plugin's exchange is lost)
     */
    public ServerProcess(String name, List<String> command, Map<String, String> environment, Path dir, int port,
            Duration startTimeout, String readyLine) {
        this.readyLine = readyLine;
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.dir = dir;
        this.port = port;
        this.startTimeout = startTimeout;
    }

    /** A fresh private folder for a server's data and log. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with a clear message when a server binary is not installed. */
    public static void requireExecutable(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " not found: install it with `apt-get install -y " + debianPackage
                    + "` (deploy/scripts/setup.sh does)");
        }
    }

    /** Starts the process and waits until its port accepts connections. */
    public synchronized ServerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long logStart = logSize();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!accepts(port) || !ready(logStart)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start; log: "
                        + dir.resolve(name + ".log") + "\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException(name + " did not listen on port " + port + " within " + startTimeout
                        + "; log: " + dir.resolve(name + ".log") + "\n" + logTail());
            }
            sleep(100);
        }
        return this;
    }

    /**
     * Stops the server gracefully, keeping the data: SIGTERM to the process and its direct children (a launcher
     * script's server), which then stop their own helpers; whatever is left after that, or after 30 s, is killed.
     * Signalling every descendant at once would kill a server's helpers under it (RabbitMQ's erl_child_setup) and
     * turn the stop into a crash (acknowledged messages come back after the restart).
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        List<ProcessHandle> servers = new ArrayList<>();
        servers.add(process.toHandle());
        process.children().forEach(servers::add);
        servers.forEach(ProcessHandle::destroy);
        awaitExit(servers);
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        awaitExit(all);
        process = null;
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** Stops, waits {@code down}, starts again on the same port with the same data. */
    public void restart(Duration down) {
        stop();
        sleep(down.toMillis());
        start();
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(dir);
    }

    private long logSize() {
        try {
            return Files.exists(log()) ? Files.size(log()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private Path log() {
        return dir.resolve(name + ".log");
    }

    private boolean ready(long logStart) {
        if (readyLine == null) {
            return true;
        }
        try {
            byte[] all = Files.readAllBytes(log());
            String since = new String(all, (int) Math.min(logStart, all.length), (int) (all.length - Math.min(logStart, all.length)),
                    java.nio.charset.StandardCharsets.UTF_8);
            return since.contains(readyLine);
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
