package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcCredentialsTest {

    @Test
    void fromEnvironmentAndNeverShown(@TempDir Path dir) throws Exception {
        JdbcCredentials c = JdbcCredentials.fromEnvironment(
                Map.of("EVENTLINE_JDBC_USER", "app", "EVENTLINE_JDBC_PASSWORD", "s3cret"));
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.toString()).isEqualTo("JdbcCredentials{from environment EVENTLINE_JDBC_USER,"
                + " EVENTLINE_JDBC_PASSWORD or EVENTLINE_JDBC_PASSWORD_FILE}");
        assertThat(JdbcCredentials.of("app", "s3cret")).hasToString("JdbcCredentials{user=app, password=<redacted>}");

        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        JdbcCredentials f = JdbcCredentials.fromEnvironment(
                Map.of("EVENTLINE_JDBC_USER", "app", "EVENTLINE_JDBC_PASSWORD_FILE", secret.toString()));
        assertThat(f.password()).isEqualTo("from-file");

        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:postgresql://h/db?password=inurl").credentials(c).build();
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("inurl");
    }

    @Test
    void fromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("db.properties"), "user=reader\npassword=p w\n");
        JdbcCredentials c = JdbcCredentials.fromFile(file);
        assertThat(c.user()).isEqualTo("reader");
        assertThat(c.password()).isEqualTo("p w");
        assertThat(JdbcCredentials.fromEnvironment(Map.of()).password()).isNull();
    }

    @Test
    void theJobGraphHoldsOnlyTheReferenceAndTheFileIsReadWhenConnecting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("db.properties"), "user=reader\npassword=first\n");
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:postgresql://h/db")
                .credentials(JdbcCredentials.fromFile(file)).build();
        byte[] graph = org.apache.flink.util.InstantiationUtil.serializeObject(settings);
        assertThat(new String(graph, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("first")
                .contains(file.toString());
        Files.writeString(file, "user=reader\npassword=rotated\n"); // a rotated secret is seen by the next connect
        JdbcSinkSettings onTheTaskManager = org.apache.flink.util.InstantiationUtil.deserializeObject(graph,
                getClass().getClassLoader());
        assertThat(onTheTaskManager.credentials().password()).isEqualTo("rotated");

        byte[] env = org.apache.flink.util.InstantiationUtil.serializeObject(JdbcSinkSettings
                .builder("jdbc:postgresql://h/db").credentials(JdbcCredentials.fromEnvironment(
                        Map.of("EVENTLINE_JDBC_PASSWORD", "s3cret"))).build());
        assertThat(new String(env, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    }
}
