package io.eventline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 from the Debian package ({@code apt-get install -y postgresql}), in a private temp data
 * directory on a free port of 127.0.0.1, with trust authentication for user {@code postgres}. When the JVM runs
 * as root the server runs as the {@code postgres} user ({@code initdb} refuses root). Tuned for tests: no
 * fsync, no synchronous commit.
 *
 * <p>Use {@link #shared()} for one server per test JVM (stopped at JVM exit) and {@link #createDatabase} for a
 * fresh database per test class.
 */
public final class PostgresServer implements AutoCloseable {

    /** Overrides the folder of initdb/pg_ctl/psql. */
    public static final String BIN_PROPERTY = "eventline.postgres.bin";
    public static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";

    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private boolean stopped;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
        }
        return shared;
    }

    /** Starts a new server; {@link #close()} stops it and deletes its data. */
    public static PostgresServer start() {
        Path bin = Path.of(System.getProperty(BIN_PROPERTY, DEFAULT_BIN.toString()));
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL 15 server binaries not found in " + bin
                    + ": install them with `apt-get install -y postgresql` (Debian), or point -D" + BIN_PROPERTY
                    + " at the folder holding initdb and pg_ctl");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("eventline-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (root) {
                run(List.of("chown", USER + ":" + USER, dir.toString()), 30);
            }
            PostgresServer initializer = new PostgresServer(bin, dir, 0, root);
            initializer.runAsServerUser(bin.resolve("initdb") + " -D " + dir.resolve("data")
                    + " -A trust -U " + USER + " -E UTF8 --locale=C -N", 120);
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
                try {
                    server.startServer();
                    return server;
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    private void startServer() {
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100";
        runAsServerUser(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -l " + dir.resolve("postgres.log")
                + " -w -t 60 -o '" + options + "' start", 90);
    }

    /**
     * Stops the server (fast shutdown: every connection is dropped), waits {@code downMillis}, and starts it again
     * on the same port with the same data: the outage a client must ride out.
     */
    public synchronized void restart(long downMillis) {
        runAsServerUser(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w -t 30 stop", 60);
        try {
            Thread.sleep(downMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        startServer();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String user() {
        return USER;
    }

    /** JDBC URL of a database on this server, with the user in the URL (trust authentication). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database + "?user=" + USER;
    }

    /** Creates a database (a plain lower-case name) and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits, _: " + name);
        }
        psql("postgres", "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Drops a database if it exists. */
    public void dropDatabase(String name) {
        psql("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one SQL command with psql; returns its unaligned output. */
    public String psql(String database, String sql) {
        return run(List.of(bin.resolve("psql").toString(), "-h", host(), "-p", String.valueOf(port), "-U", USER,
                "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), 60);
    }

    /**
     * Stops the server (fast shutdown: clients see their connections end), keeping its data, for outage tests;
     * {@link #restart()} brings it back on the same port. Use a server of your own ({@link #start()}), not
     * {@link #shared()}.
     */
    public synchronized void stopKeepingData() {
        runAsServerUser(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w -t 30 stop", 60);
    }

    /** Starts a server stopped by {@link #stopKeepingData()} again, same port and data. */
    public synchronized void restart() {
        startServer();
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the postmaster and all its backends: a black-holed database, whose TCP
     * connections stay open but never answer. Signals only the processes of this server, by pid.
     */
    public synchronized void freeze(boolean frozen) {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("kill", frozen ? "-STOP" : "-CONT", String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> command.add(String.valueOf(d.pid()))));
        try {
            run(command, 10);
        } catch (IllegalStateException e) {
            // kill signals every pid it can and fails for a backend that exited since it was listed: that one
            // needs no signal. Anything else is a real failure.
            boolean onlyGone = e.getMessage().lines().skip(1).filter(l -> !l.isBlank())
                    .allMatch(l -> l.contains("No such process"));
            if (!onlyGone) {
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            runAsServerUser(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m fast -w -t 30 stop", 60);
        } catch (RuntimeException e) {
            System.err.println("could not stop PostgreSQL in " + dir + ": " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    private String runAsServerUser(String commandLine, int timeoutSeconds) {
        List<String> command = asPostgresUser
                ? List.of("su", USER, "-s", "/bin/sh", "-c", commandLine)
                : List.of("/bin/sh", "-c", commandLine);
        return run(command, timeoutSeconds);
    }

    private static String run(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "failed (exit " + process.exitValue() + "): " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>();
            paths.sorted(Comparator.reverseOrder()).forEach(all::add);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
