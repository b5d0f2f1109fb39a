package io.eventline.history;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deploy/scripts/eventline.sh rebuild|as-of|state} as a user does: a separate process on the history
 * module's class path file (written in process-classes), nothing of the test's class path.
 */
public final class HistoryScript {

    public record Result(int exitCode, String out, String err) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private static final long TIMEOUT_SECONDS = 240;

    private HistoryScript() {}

    public static Path root() {
        return Path.of(System.getProperty("eventline.root", "..")).toAbsolutePath().normalize();
    }

    public static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root().resolve("deploy/scripts/eventline.sh").toString()));
        command.addAll(args);
        Path out = Files.createTempFile("eventline-history", ".out");
        Path err = Files.createTempFile("eventline-history", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("EVENTLINE_HISTORY_NO_BUILD", "1"); // never a build inside the build
            builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                    + System.getenv("PATH"));
            builder.environment().put("JAVA_OPTS", "-Xmx512m");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("eventline.sh " + String.join(" ", args) + " still running after "
                        + TIMEOUT_SECONDS + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            System.out.println("eventline.sh " + String.join(" ", args.subList(0, 1)) + " -> exit " + result.exitCode()
                    + "\n" + result.out());
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
