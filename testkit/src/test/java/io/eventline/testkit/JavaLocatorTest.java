package io.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java 21+ discovery over fake JDK directories. */
class JavaLocatorTest {

    @TempDir
    Path jvm;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvm.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin/java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        if (version != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return java;
    }

    @Test
    void prefersJavaHomeWhenItIs21OrNewer() throws Exception {
        Path java = jdk("my-jdk", "21.0.4");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        assertThat(JavaLocator.findJava(jvm.resolve("my-jdk").toString(), null, jvm)).isEqualTo(java);
    }

    @Test
    void skipsAnOldJavaHomeAndPrefersTemurin25ThenTemurin21ThenTheNewest() throws Exception {
        jdk("java-17-openjdk-amd64", "17.0.15");
        Path other = jdk("openjdk-22", "22");
        assertThat(JavaLocator.findJava(jvm.resolve("java-17-openjdk-amd64").toString(), null, jvm)).isEqualTo(other);
        Path t21 = jdk("temurin-21-jdk-amd64", "21.0.5");
        assertThat(JavaLocator.findJava(null, null, jvm)).isEqualTo(t21);
        Path t25 = jdk("temurin-25-jdk-amd64", "25.0.3");
        assertThat(JavaLocator.findJava(null, null, jvm)).isEqualTo(t25);
    }

    @Test
    void namesEverythingSearchedWhenNothingFits() throws Exception {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("no-release", null);
        assertThatThrownBy(() -> JavaLocator.findJava("/nowhere", null, jvm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Java 21+ found")
                .hasMessageContaining("JAVA_HOME=/nowhere (no readable release file)")
                .hasMessageContaining(jvm.resolve("java-17-openjdk-amd64") + " (Java 17)")
                .hasMessageContaining(jvm.resolve("no-release") + " (no readable release file)");
        assertThatThrownBy(() -> JavaLocator.findJava(null, null, jvm.resolve("missing")))
                .hasMessageContaining("JAVA_HOME (unset)")
                .hasMessageContaining(jvm.resolve("missing") + " (missing)");
    }

    @Test
    void readsOldStyleVersions() throws Exception {
        jdk("jdk8", "1.8.0_392");
        assertThat(JavaLocator.featureVersion(jvm.resolve("jdk8"))).isEqualTo(8);
    }
}
