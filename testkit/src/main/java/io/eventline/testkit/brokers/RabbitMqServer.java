package io.eventline.testkit.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real RabbitMQ from the Debian package ({@code rabbitmq-server}) on free ports of 127.0.0.1, run as this JVM's
 * child with its own node name, data folder and Erlang port mapper (epmd, started here on a free port and stopped
 * with the server, so nothing outlives the test), with the consistent-hash exchange plugin enabled. Default user
 * {@code guest}/{@code guest} (allowed on loopback).
 */
public final class RabbitMqServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    public static final Path EPMD = Path.of("/usr/bin/epmd");
    private static RabbitMqServer shared;
    private final ServerProcess epmd;
    private final ServerProcess server;

    private RabbitMqServer(ServerProcess epmd, ServerProcess server) {
        this.epmd = epmd;
        this.server = server;
    }

    /** The server of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized RabbitMqServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "rabbitmq-server-stop"));
        }
        return shared;
    }

    public static RabbitMqServer start() {
        ServerProcess.requireExecutable(BINARY, "rabbitmq-server");
        Path dir = ServerProcess.tempDir("eventline-rabbitmq-");
        int epmdPort = ServerProcess.freePort();
        int port = ServerProcess.freePort();
        int distPort = ServerProcess.freePort();
        try {
            Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_consistent_hash_exchange].\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess epmd = new ServerProcess("epmd", List.of(EPMD.toString(), "-port", String.valueOf(epmdPort)),
                Map.of(), dir, epmdPort, Duration.ofSeconds(10)).start();
        Map<String, String> env = Map.ofEntries(
                Map.entry("HOME", dir.toString()), // the Erlang cookie lives here
                Map.entry("ERL_EPMD_PORT", String.valueOf(epmdPort)),
                Map.entry("RABBITMQ_NODE_PORT", String.valueOf(port)),
                Map.entry("RABBITMQ_DIST_PORT", String.valueOf(distPort)),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODENAME", "eventline-" + port + "@localhost"),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_LOGS", "-"),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString()),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString()));
        try {
            // up once its plugins run: it listens before, and the consistent-hash exchange would drop messages
            ServerProcess server = new ServerProcess("rabbitmq", List.of(BINARY.toString()), env, dir, port,
                    Duration.ofSeconds(120), "Server startup complete").start();
            return new RabbitMqServer(epmd, server);
        } catch (RuntimeException e) {
            epmd.close();
            throw e;
        }
    }

    public String uri() {
        return "amqp://guest:guest@127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Stops the broker, waits {@code down}, starts it again with the same data (durable queues kept). */
    public void restart(Duration down) {
        server.restart(down);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            epmd.close(); // the port mapper is ours too: it must not outlive the test
        }
    }
}
