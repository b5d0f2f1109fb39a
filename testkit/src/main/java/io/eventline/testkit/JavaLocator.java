package io.eventline.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Java 21+ runtime for services that need one (the Apicurio registry), while the build itself runs
 * on Java 17. Order: {@code JAVA_HOME} when it is 21+, the running JVM when it is 21+, then
 * {@code /usr/lib/jvm}: Temurin 25, Temurin 21, then any JDK whose {@code release} file says
 * {@code JAVA_VERSION} 21 or more (the newest wins).
 */
public final class JavaLocator {

    public static final int MIN_FEATURE = 21;
    static final Path JVM_DIR = Paths.get("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?([0-9]+)(?:[.\"].*)?$");

    private JavaLocator() {}

    /** The {@code java} executable of a Java 21+ installation, or an exception naming every place searched. */
    public static Path findJava21() {
        return findJava(System.getenv("JAVA_HOME"), Paths.get(System.getProperty("java.home")), JVM_DIR);
    }

    static Path findJava(String javaHomeEnv, Path runningJavaHome, Path jvmDir) {
        List<String> searched = new ArrayList<>();
        if (javaHomeEnv != null && !javaHomeEnv.isBlank()) {
            Path home = Paths.get(javaHomeEnv);
            int v = featureVersion(home);
            searched.add("JAVA_HOME=" + home + " (" + describe(v) + ")");
            if (v >= MIN_FEATURE && Files.isExecutable(home.resolve("bin/java"))) {
                return home.resolve("bin/java");
            }
        } else {
            searched.add("JAVA_HOME (unset)");
        }
        if (runningJavaHome != null) {
            int v = Runtime.version().feature();
            searched.add("the running JVM " + runningJavaHome + " (Java " + v + ")");
            if (v >= MIN_FEATURE && Files.isExecutable(runningJavaHome.resolve("bin/java"))) {
                return runningJavaHome.resolve("bin/java");
            }
        }
        Path best = null;
        int bestRank = -1;
        if (Files.isDirectory(jvmDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvmDir)) {
                for (Path dir : dirs) {
                    if (!Files.isDirectory(dir) || !Files.isExecutable(dir.resolve("bin/java"))) {
                        continue;
                    }
                    int v = featureVersion(dir);
                    searched.add(dir + " (" + describe(v) + ")");
                    if (v < MIN_FEATURE) {
                        continue;
                    }
                    String name = dir.getFileName().toString();
                    // Temurin 25, then Temurin 21, then the newest other JDK.
                    int rank = name.startsWith("temurin-25") ? 3000 : name.startsWith("temurin-21") ? 2000 : v;
                    if (rank > bestRank) {
                        bestRank = rank;
                        best = dir;
                    }
                }
            } catch (IOException e) {
                searched.add(jvmDir + " (unreadable: " + e.getMessage() + ")");
            }
        } else {
            searched.add(jvmDir + " (missing)");
        }
        if (best != null) {
            return best.resolve("bin/java");
        }
        throw new IllegalStateException("No Java " + MIN_FEATURE + "+ found (the Apicurio registry needs it). Searched: "
                + String.join(", ", searched)
                + ". Install one (e.g. apt-get install temurin-25-jdk or openjdk-21-jdk) or point JAVA_HOME at it.");
    }

    /** The feature version from {@code <home>/release}, or -1. */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                Matcher m = JAVA_VERSION.matcher(line.trim());
                if (m.matches()) {
                    int v = Integer.parseInt(m.group(1));
                    return v == 1 ? 8 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String describe(int v) {
        return v < 0 ? "no readable release file" : "Java " + v;
    }

    static Optional<Path> homeOf(Path javaExecutable) {
        Path bin = javaExecutable.getParent();
        return Optional.ofNullable(bin == null ? null : bin.getParent());
    }
}
