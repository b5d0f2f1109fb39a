package io.eventline.common.sink;

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
}
