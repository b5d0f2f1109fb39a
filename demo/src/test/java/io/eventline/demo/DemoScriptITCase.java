package io.eventline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/scripts/demo.sh as a user runs it, with port 8081 taken: it takes a free web UI port and prints it (or,
 * with --require-ui-port, prints a one-line error), and leaves no process behind, on SIGTERM mid-run too.
 * Binds the fixed port 8081: run under flock /tmp/eventline-fixed-ports.lock. Needs the demo packaged
 * (demo/target/classpath.txt); the script does not rebuild (EVENTLINE_SKIP_BUILD).
 */
class DemoScriptITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static ServerSocket taken;

    @BeforeAll
    static void take8081() throws IOException {
        try {
            taken = new ServerSocket(8081, 1, InetAddress.getLoopbackAddress());
        } catch (BindException alreadyTaken) {
            taken = null; // something else holds it: taken either way
        }
    }

    @AfterAll
    static void release8081() throws IOException {
        if (taken != null) {
            taken.close();
        }
    }

    @Test
    void busyPortWithRequireUiPortIsOneLineErrorAndStatus2() throws Exception {
        Process demo = start("--orders", "50", "--require-ui-port");
        List<ProcessHandle> children = demo.toHandle().descendants().toList();
        List<String> out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))
                .lines().toList();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).isEqualTo(EmbeddedDemo.PORT_UNAVAILABLE);
        assertThat(out).containsExactly("demo: the web UI port 8081 is in use; free it or pick another with --ui-port");
        assertThat(children).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    }

    @Test
    void busyPortGetsAFreeOneAndSigtermMidRunStopsEveryProcess() throws Exception {
        Process demo = start("--orders", "3000", "--timeout", "PT3M");
        try {
            sigtermMidRun(demo);
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly); // only when the test failed half-way
            demo.destroyForcibly();
        }
    }

    private static void sigtermMidRun(Process demo) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(demo.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(l -> {
                    System.out.println("demo.sh| " + l);
                    lines.add(l);
                }), "demo-output");
        reader.setDaemon(true);
        reader.start();

        Matcher chosen = await(lines, Pattern.compile("web UI port 8081 is in use; using free port (\\d+) instead"));
        int port = Integer.parseInt(chosen.group(1));
        await(lines, Pattern.compile("job \\w+ running; Flink web UI at http://localhost:" + port));
        List<ProcessHandle> children = demo.toHandle().descendants().toList();
        assertThat(children).as("the demo JVM and the registry JVM it started")
                .anySatisfy(p -> assertThat(p.info().commandLine().orElse("")).contains("-Xmx3g")) // the demo JVM
                .anySatisfy(p -> assertThat(p.info().commandLine().orElse("")).contains("quarkus-run.jar"));
        HttpResponse<Void> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/overview")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(overview.statusCode()).isEqualTo(200);

        demo.destroy(); // SIGTERM to the script, mid-run (the traffic is still being processed)
        assertThat(demo.waitFor(40, TimeUnit.SECONDS)).as("demo.sh exits after SIGTERM").isTrue();
        assertThat(demo.exitValue()).isEqualTo(143);
        for (ProcessHandle child : children) {
            child.onExit().get(5, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("left running: " + child.info().commandLine().orElse("" + child.pid())).isFalse();
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("deploy/scripts/demo.sh").toString(),
                "--work-dir", ROOT.resolve("demo/target/demo-script").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("EVENTLINE_SKIP_BUILD", "1");
        return pb.start();
    }

    private static Matcher await(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        throw new AssertionError("demo.sh never printed " + pattern);
    }
}
