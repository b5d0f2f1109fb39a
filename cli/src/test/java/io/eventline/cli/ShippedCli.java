package io.eventline.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deploy/scripts/eventline.sh} as a user does: a separate process with the runnable jar
 * ({@code java -jar}), nothing of the test's class path. Used by the tests bound to {@code integration-test},
 * after {@code package} built the jar (see cli/pom.xml).
 */
public final class ShippedCli {

    public record Result(int exitCode, String out, String err) {}

    private static final long TIMEOUT_SECONDS = 120;

    private ShippedCli() {}

    /** The repository root: the parent of this module. */
    public static Path root() {
        return Path.of(System.getProperty("eventline.root", "..")).toAbsolutePath().normalize();
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("eventline-cli", ".out");
        Path err = Files.createTempFile("eventline-cli", ".err");
        try {
            Process process = processBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("eventline.sh " + String.join(" ", args) + " still running after "
                        + TIMEOUT_SECONDS + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code bash deploy/scripts/eventline.sh ARGS} in the repository root, with the jar {@code package} built. */
    public static ProcessBuilder processBuilder(String... args) {
        Path jar = Path.of(System.getProperty("eventline.cli.jar", "target/none.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no CLI jar at " + jar + ": run through `mvn verify` (after package)");
        }
        List<String> command = new ArrayList<>(List.of("bash", root().resolve("deploy/scripts/eventline.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        // The script finds cli/target/eventline-cli-*.jar itself, the one package just built, and never
        // starts a build of its own (were a source edited meanwhile).
        builder.environment().remove("EVENTLINE_CLI_JAR");
        builder.environment().put("EVENTLINE_CLI_NO_BUILD", "1");
        builder.environment().put("PATH", javaBin() + File.pathSeparator + System.getenv("PATH"));
        return builder;
    }

    /** The java that runs the tests runs the CLI too. */
    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin").toString();
    }
}
