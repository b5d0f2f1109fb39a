package io.eventline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 3.x (in-memory storage) in a child JVM on free loopback ports, for tests and the
 * embedded demo. Its Confluent-compatible API is at {@link #ccompatUrl()}, its native API at
 * {@link #registryV3Url()}.
 *
 * <p>The registry is the unpacked {@code io.apicurio:apicurio-registry-app:tar.gz:all}: env
 * {@code EVENTLINE_APICURIO_HOME}, else system property {@code eventline.apicurio.home}, else
 * {@code apicurio.home} in {@code eventline-testkit.properties} (written by the testkit build). It needs Java
 * 21+, found by {@link JavaLocator}. Output goes to {@code target/apicurio-registry-<port>.log} (or the
 * directory in system property {@code eventline.registry.log.dir}).
 *
 * <p>Tests share one instance per JVM through {@link #shared()}: started on first use, stopped by a shutdown
 * hook.
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String HOME_ENV = "EVENTLINE_APICURIO_HOME";
    public static final String HOME_PROPERTY = "eventline.apicurio.home";
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private static ApicurioRegistry shared;

    private final Process process;
    private final int port;
    private final Path logFile;
    private final long startupMillis;

    private ApicurioRegistry(Process process, int port, Path logFile, long startupMillis) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.startupMillis = startupMillis;
    }

    /** The registry shared by every test of this JVM; started on first call, stopped at JVM exit. */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null || !shared.process.isAlive()) {
            ApicurioRegistry started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "apicurio-registry-stop"));
            shared = started;
        }
        return shared;
    }

    /** Starts a new registry and waits until its Confluent-compatible API answers. */
    public static ApicurioRegistry start() {
        Path home = home();
        Path java = JavaLocator.findJava21();
        int port = freePort();
        int managementPort = freePort();
        while (managementPort == port) {
            managementPort = freePort();
        }
        Path logDir = Paths.get(System.getProperty("eventline.registry.log.dir", "target"));
        Path logFile = logDir.toAbsolutePath().resolve("apicurio-registry-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-jar", "quarkus-run.jar"));
        long t0 = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(logDir);
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry: " + command, e);
        }
        try {
            awaitReady(process, "http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects", logFile, t0);
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
        return new ApicurioRegistry(process, port, logFile, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static void awaitReady(Process process, String probe, Path logFile, long t0) {
        long deadline = t0 + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited with " + process.exitValue()
                        + " during start-up; log " + logFile + ":\n" + tail(logFile));
            }
            if (answers(probe)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the registry", e);
            }
        }
        throw new IllegalStateException("the registry did not answer " + probe + " within " + STARTUP_TIMEOUT
                + "; log " + logFile + ":\n" + tail(logFile));
    }

    private static boolean answers(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the unpacked registry is; a clear error where it is not. */
    public static Path home() {
        List<String> tried = new ArrayList<>();
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            tried.add(HOME_ENV + "=" + env);
            if (isHome(Paths.get(env))) {
                return Paths.get(env);
            }
        }
        String prop = System.getProperty(HOME_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            tried.add(HOME_PROPERTY + "=" + prop);
            if (isHome(Paths.get(prop))) {
                return Paths.get(prop);
            }
        }
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream("/eventline-testkit.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String fromBuild = p.getProperty("apicurio.home");
                tried.add("eventline-testkit.properties apicurio.home=" + fromBuild);
                if (fromBuild != null && !fromBuild.contains("${") && isHome(Paths.get(fromBuild))) {
                    return Paths.get(fromBuild);
                }
            } else {
                tried.add("eventline-testkit.properties (not on the classpath)");
            }
        } catch (IOException e) {
            tried.add("eventline-testkit.properties (" + e.getMessage() + ")");
        }
        throw new IllegalStateException("Apicurio registry not found (no quarkus-run.jar) in: " + String.join(", ", tried)
                + ". Unpack it with `mvn -pl testkit generate-resources` from the repository root, or set "
                + HOME_ENV + ".");
    }

    private static boolean isHome(Path dir) {
        return Files.isRegularFile(dir.resolve("quarkus-run.jar"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The Confluent-compatible API: {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** Apicurio's native API, as its own serdes use it: {@code http://127.0.0.1:PORT/apis/registry/v3}. */
    public String registryV3Url() {
        return baseUrl() + "/apis/registry/v3";
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Milliseconds from process start until the API answered. */
    public long startupMillis() {
        return startupMillis;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the registry and every process it started. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistry{" + ccompatUrl() + ", log " + logFile + "}";
    }
}
