package io.eventline.common.sink;

import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.nio.file.Files;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.contracts.JdbcCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSinkSettingsTest {

    @Test
    void sqliteSinksGetWalAndABusyTimeout() {
        assertThat(JdbcSinkSettings.builder("jdbc:sqlite:x.db").build().url())
                .isEqualTo("jdbc:sqlite:x.db?journal_mode=WAL&busy_timeout=30000");
    }

    @Test
    void neverShowsThePasswordNorTheUrlParameters() {
        JdbcCredentials c = JdbcCredentials.fromEnvironment(
                Map.of("EVENTLINE_JDBC_USER", "app", "EVENTLINE_JDBC_PASSWORD", "s3cret"));
        JdbcSinkSettings settings = JdbcSinkSettings.builder("jdbc:postgresql://h/db?password=inurl").credentials(c).build();
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("inurl");
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
