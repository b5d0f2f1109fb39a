package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlDialectTest {

    @Test
    void sqliteWritersGetWalAndABusyTimeoutUnlessTheUrlSetsThem() {
        assertThat(SqlDialect.SQLITE.writerUrl("jdbc:sqlite:/tmp/a.db"))
                .isEqualTo("jdbc:sqlite:/tmp/a.db?journal_mode=WAL&busy_timeout=30000");
        assertThat(SqlDialect.SQLITE.writerUrl("jdbc:sqlite:/tmp/a.db?busy_timeout=5"))
                .isEqualTo("jdbc:sqlite:/tmp/a.db?busy_timeout=5&journal_mode=WAL");
        assertThat(SqlDialect.SQLITE.writerUrl("jdbc:sqlite:a.db?journal_mode=DELETE&busy_timeout=5"))
                .isEqualTo("jdbc:sqlite:a.db?journal_mode=DELETE&busy_timeout=5");
        assertThat(JdbcSinkSettings.builder("jdbc:sqlite:x.db").build().url())
                .isEqualTo("jdbc:sqlite:x.db?journal_mode=WAL&busy_timeout=30000");
    }

    @Test
    void postgresWritersGetSocketAndConnectTimeoutsAndKeepAliveUnlessTheUrlSetsThem() {
        assertThat(SqlDialect.POSTGRES.writerUrl("jdbc:postgresql://127.0.0.1:5433/eventline"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5433/eventline?socketTimeout=60&connectTimeout=10"
                        + "&tcpKeepAlive=true");
        String url = "jdbc:postgresql://h/e?reWriteBatchedInserts=true&socketTimeout=5&connectTimeout=2&tcpKeepAlive=false";
        assertThat(SqlDialect.POSTGRES.writerUrl(url)).isEqualTo(url);
        assertThat(SqlDialect.POSTGRES.writerUrl("jdbc:postgresql://h/e?mysocketTimeout=1"))
                .isEqualTo("jdbc:postgresql://h/e?mysocketTimeout=1&socketTimeout=60&connectTimeout=10&tcpKeepAlive=true");
    }
}
