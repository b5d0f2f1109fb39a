package io.eventline.contracts;

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
    }

    @Test
    void fromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("db.properties"), "user=reader\npassword=p w\n");
        JdbcCredentials c = JdbcCredentials.fromFile(file);
        assertThat(c.user()).isEqualTo("reader");
        assertThat(c.password()).isEqualTo("p w");
        assertThat(JdbcCredentials.fromEnvironment(Map.of()).password()).isNull();
    }
}
