package io.eventline.testkit.brokers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Redis 7 from the Debian package ({@code redis-server}) on a free port of 127.0.0.1, with an append-only
 * file fsynced every write so that a restart keeps every stream entry and consumer-group state.
 */
public final class RedisServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static RedisServer shared;
    private final ServerProcess process;

    private RedisServer(ServerProcess process) {
        this.process = process;
    }

    /** The server of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "redis-server-stop"));
        }
        return shared;
    }

    public static RedisServer start() {
        ServerProcess.requireExecutable(BINARY, "redis-server");
        Path dir = ServerProcess.tempDir("eventline-redis-");
        int port = ServerProcess.freePort();
        List<String> command = List.of(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--protected-mode", "no");
        // up once it has loaded its append-only file: before, it listens but answers LOADING
        return new RedisServer(new ServerProcess("redis", command, Map.of(), dir, port, Duration.ofSeconds(60),
                "Ready to accept connections").start());
    }

    public String uri() {
        return "redis://127.0.0.1:" + process.port();
    }

    public int port() {
        return process.port();
    }

    /** Stops the server, waits {@code down}, starts it again with the same data. */
    public void restart(Duration down) {
        process.restart(down);
    }

    @Override
    public void close() {
        process.close();
    }
}
