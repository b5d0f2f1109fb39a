package io.eventline.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The build's compatibility gate: every schema under {@code src/main/avro} is checked against its published
 * versions under {@code published/<Name>/v<N>.avsc} in the mode that {@code compatibility.properties} sets.
 * Runs in the {@code process-classes} phase, so a breaking change fails even {@code mvn package -DskipTests}.
 */
public final class CompatibilityGate {

    public static void main(String[] args) throws IOException {
        Path moduleDir = Path.of(args.length > 0 ? args[0] : ".");
        List<String> problems = run(moduleDir.resolve("src/main/avro"), moduleDir.resolve("published"),
                moduleDir.resolve("compatibility.properties"));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[schema-compatibility] " + p));
            throw new IllegalStateException(problems.size() + " schema compatibility problem(s); see above."
                    + " Make the change compatible (e.g. give new fields a default) or publish a new subject.");
        }
        System.out.println("[schema-compatibility] all schemas compatible with their published versions");
    }

    public static List<String> run(Path currentDir, Path publishedDir, Path settingsFile) throws IOException {
        Properties settings = new Properties();
        if (Files.exists(settingsFile)) {
            try (InputStream in = Files.newInputStream(settingsFile)) {
                settings.load(in);
            }
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(currentDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                Schema current = parse(file);
                CompatibilityMode mode = CompatibilityMode.valueOf(
                        settings.getProperty(current.getName(), settings.getProperty("default", "BACKWARD")).trim());
                for (String p : CompatibilityChecker.check(current, published(publishedDir.resolve(current.getName())), mode)) {
                    problems.add(current.getFullName() + " (" + mode + "): " + p);
                }
            }
        }
        return problems;
    }

    /** Published versions, oldest first (v1, v2, ... v10 by number, not by text). */
    static List<Schema> published(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Schema> schemas = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(CompatibilityGate::versionOf)).toList()) {
                schemas.add(parse(f));
            }
            return schemas;
        }
    }

    private static int versionOf(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
