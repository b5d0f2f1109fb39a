package io.eventline.cli.serve;

import io.eventline.cli.ShippedCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/scripts/eventline.sh serve --port 0 ...} as a process, and a real HTTP client (the JDK's) for it.
 * Started once per test class; {@link #close} stops it with SIGTERM, as an operator would.
 */
final class ServeProcess implements AutoCloseable {

    private static final String LISTENING = "eventline serve: listening on ";

    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path stderr;

    ServeProcess(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
        all.addAll(List.of(args));
        stderr = Files.createTempFile("eventline-serve", ".err");
        process = ShippedCli.processBuilder(all.toArray(String[]::new)).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // The first line says where it listens; a bounded wait, so a server that never starts fails the test.
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith(LISTENING)) {
            close();
            throw new AssertionError("serve did not start: " + line + "; stderr: " + Files.readString(stderr));
        }
        base = URI.create(line.substring(LISTENING.length()).trim());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(40)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the shutdown hook stops the server and closes the pool
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(stderr);
    }
}
