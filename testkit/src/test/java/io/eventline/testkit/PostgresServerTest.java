package io.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void startsCreatesADatabaseAndAnswers() {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase("testkit_smoke");
        assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/testkit_smoke?user=postgres");
        assertThat(server.psql("testkit_smoke", "SELECT split_part(current_setting('server_version'), '.', 1)").strip())
                .isEqualTo("15");
        assertThat(PostgresServer.shared()).isSameAs(server);
    }
}
