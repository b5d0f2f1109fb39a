package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertTableTest {

    @Test
    void upsertReplacesOnlyWithAHigherVersion() {
        assertThat(TestRow.TABLE.upsertSql()).isEqualTo(
                "INSERT INTO test_rows AS r (id, amount, version) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        + " amount = EXCLUDED.amount, version = EXCLUDED.version WHERE r.version < EXCLUDED.version");
        assertThat(TestRow.TABLE.plainInsertSql()).isEqualTo("INSERT INTO test_rows (id, amount, version) VALUES (?, ?, ?)");
    }

    @Test
    void aRefreshColumnOrdersRowsOfTheSameVersion() {
        UpsertTable<TestRow> table = UpsertTable.<TestRow>of("test_rows", List.of("id"), List.of("id", "amount", "version"),
                r -> r.id, r -> r.version, (ps, r, d) -> { })
                .withRefresh("amount", r -> r.amount.longValue());
        assertThat(table.upsertSql()).endsWith(" WHERE r.version < EXCLUDED.version"
                + " OR (r.version = EXCLUDED.version AND r.amount < EXCLUDED.amount)");
        assertThat(table.supersedes(TestRow.of("a", "1", 3), TestRow.of("a", "9", 2))).isTrue();  // higher version
        assertThat(table.supersedes(TestRow.of("a", "2", 2), TestRow.of("a", "1", 2))).isTrue();  // same, refreshed
        assertThat(table.supersedes(TestRow.of("a", "1", 2), TestRow.of("a", "1", 2))).isFalse(); // a replay
        assertThat(table.supersedes(TestRow.of("a", "9", 1), TestRow.of("a", "1", 2))).isFalse(); // older version
        assertThat(TestRow.TABLE.supersedes(TestRow.of("a", "2", 2), TestRow.of("a", "1", 2))).isFalse();
        assertThatThrownBy(() -> TestRow.TABLE.withRefresh("refreshed", r -> 0))
                .hasMessage("refresh column refreshed must be among [id, amount, version]");
    }

    @Test
    void rejectsIdentifiersThatAreNotPlain() {
        assertThatThrownBy(() -> UpsertTable.<TestRow>of("t; drop", List.of("id"), List.of("id", "version"),
                r -> r.id, r -> r.version, (ps, r, d) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpsertTable.<TestRow>of("t", List.of("id"), List.of("id"),
                r -> r.id, r -> r.version, (ps, r, d) -> { }))
                .hasMessage("version column version must be among [id]");
    }

    @Test
    void dialectComesFromTheUrlAndMessagesHideParameters() {
        assertThat(SqlDialect.fromUrl("jdbc:postgresql://h:5432/db?password=secret")).isEqualTo(SqlDialect.POSTGRES);
        assertThat(SqlDialect.fromUrl("jdbc:sqlite:/tmp/x.db")).isEqualTo(SqlDialect.SQLITE);
        assertThatThrownBy(() -> SqlDialect.fromUrl("jdbc:mysql://h/db?password=secret"))
                .hasMessage("unsupported JDBC URL (expected jdbc:postgresql:... or jdbc:sqlite:...): jdbc:mysql://h/db?...");
        assertThat(SqlDialect.formatInstant(java.time.Instant.parse("2025-06-28T10:00:00Z")))
                .isEqualTo("2025-06-28T10:00:00.000Z");
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertThat(SqlScripts.statements("-- c\nCREATE TABLE a (x INT); -- trailing\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
    }
}
