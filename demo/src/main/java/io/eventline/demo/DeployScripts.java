package io.eventline.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Runs the deploy/scripts users run, with one state directory and one set of ports for all of them. */
final class DeployScripts {

    private final Path scripts;
    private final Map<String, String> env;

    DeployScripts(Path repositoryRoot, Map<String, String> env) {
        this.scripts = repositoryRoot.resolve("deploy/scripts");
        this.env = Map.copyOf(env);
    }

    /** Runs {@code name args...}; returns its standard output, or throws with it when the script fails. */
    String run(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", scripts.resolve(name).toString()));
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(name + " " + String.join(" ", args) + " exited " + exit + ": " + out);
        }
        return out;
    }

    /** Like {@link #run} but only reports a failure: for clean-up. */
    void runQuietly(String name, String... args) {
        try {
            run(name, args);
        } catch (Exception e) {
            System.err.println("could not run " + name + " " + String.join(" ", args) + ": " + e.getMessage());
        }
    }
}
