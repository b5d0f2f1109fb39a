package io.eventline.testkit.brokers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real NATS server with JetStream from the Debian package ({@code nats-server}) on a free port of 127.0.0.1,
 * with file storage in a private folder, so that streams and durable consumers survive a restart.
 */
public final class NatsServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static NatsServer shared;
    private final ServerProcess process;

    private NatsServer(ServerProcess process) {
        this.process = process;
    }

    /** The server of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized NatsServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "nats-server-stop"));
        }
        return shared;
    }

    public static NatsServer start() {
        ServerProcess.requireExecutable(BINARY, "nats-server");
        Path dir = ServerProcess.tempDir("eventline-nats-");
        int port = ServerProcess.freePort();
        List<String> command = List.of(BINARY.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-js",
                "-sd", dir.resolve("jetstream").toString());
        return new NatsServer(new ServerProcess("nats", command, Map.of(), dir, port, Duration.ofSeconds(30)).start());
    }

    public String url() {
        return "nats://127.0.0.1:" + process.port();
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
