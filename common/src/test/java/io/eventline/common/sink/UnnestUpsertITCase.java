package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's one-statement upsert of a batch over column arrays: every type the shipped tables bind arrives
 * exactly as the batched statement would store it, nulls included; the guard's skipped rows are the ones not
 * returned; a binder that does more than set parameters is refused with a clear message.
 */
class UnnestUpsertITCase {

    /** One column of each kind the shipped binders set. */
    public static class WideRow {
        public String id;
        public String note;
        public int count;
        public BigDecimal amount;
        public Instant at;
        public Long sequence;
        public long version;

        static WideRow of(String id, String note, int count, String amount, Instant at, Long sequence, long version) {
            WideRow r = new WideRow();
            r.id = id;
            r.note = note;
            r.count = count;
            r.amount = amount == null ? null : new BigDecimal(amount);
            r.at = at;
            r.sequence = sequence;
            r.version = version;
            return r;
        }
    }

    static final UpsertTable<WideRow> WIDE = UpsertTable.<WideRow>of("wide_rows", List.of("id"),
            List.of("id", "note", "count", "amount", "at", "sequence", "version"), row -> row.id, row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.id);
                ps.setString(2, row.note);
                ps.setInt(3, row.count);
                dialect.setMoney(ps, 4, row.amount);
                dialect.setInstant(ps, 5, row.at);
                ps.setObject(6, row.sequence, Types.BIGINT);
                ps.setLong(7, row.version);
            }).withIdentity("note", row -> row.note);

    private static final String DDL = "CREATE TABLE wide_rows (id TEXT PRIMARY KEY, note TEXT, count INTEGER NOT NULL,"
            + " amount NUMERIC(18, 2), at TIMESTAMPTZ, sequence BIGINT, version BIGINT NOT NULL)";

    @Test
    void everyBoundTypeIsStoredExactlyAndTheGuardsSkipsAreTheRowsNotReturned() throws Exception {
        String url = TestDatabase.POSTGRES.newDatabase("unnest");
        TestDatabase.execute(url, DDL);
        try (Connection c = TestDatabase.connect(url)) {
            c.setAutoCommit(false);
            UnnestUpsert<WideRow> upsert = UnnestUpsert.prepare(WIDE, c);
            assertThat(upsert).isNotNull();
            Instant at = Instant.parse("2026-12-03T08:15:30.123456Z");
            Set<String> written = upsert.write(List.of(
                    WideRow.of("a", "it's \"quoted\", {braced} \\ and, comma", 3, "1234567890.50", at, 7L, 2),
                    WideRow.of("b", null, -1, null, null, null, 1),
                    WideRow.of("c", "NULL", 0, "0.05", Instant.EPOCH, Long.MAX_VALUE, 1)));
            c.commit();
            assertThat(written).containsExactlyInAnyOrder("a", "b", "c");
            // c's note is the four letters NULL, not a null: array elements are quoted
            assertThat(TestDatabase.dump(url, "wide_rows")).isEqualTo(String.join("\n",
                    "id=a|note=it's \"quoted\", {braced} \\ and, comma|count=3|amount=1234567890.50"
                            + "|at=2026-12-03 08:15:30.123456+00|sequence=7|version=2",
                    "id=b|note=null|count=-1|amount=null|at=null|sequence=null|version=1",
                    "id=c|note=NULL|count=0|amount=0.05|at=1970-01-01 00:00:00+00|sequence=9223372036854775807"
                            + "|version=1"));

            // a replay (same version) and an older version are skipped; a newer one replaces
            written = upsert.write(List.of(WideRow.of("a", "other", 9, "1.00", at, 8L, 2),
                    WideRow.of("b", "older", 9, "1.00", at, 8L, 0), WideRow.of("c", "newer", 5, "2.00", at, 9L, 2)));
            c.commit();
            assertThat(written).containsExactly("c");
            assertThat(TestDatabase.dump(url, "wide_rows")).contains("id=a|note=it's", "id=b|note=null|count=-1",
                    "id=c|note=newer|count=5|amount=2.00");
        }
    }

    @Test
    void theBatchWriterReportsAVersionConflictFromTheRowsTheUpsertDidNotReturn() throws Exception {
        String url = TestDatabase.POSTGRES.newDatabase("unnest_conflict");
        TestDatabase.execute(url, DDL);
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).build();
        try (UpsertBatchWriter<WideRow> writer = new UpsertBatchWriter<>(WIDE, settings)) {
            writer.open();
            assertThat(writer.write(List.of(WideRow.of("a", "e1", 1, "1.00", Instant.EPOCH, 1L, 1),
                    WideRow.of("b", "e2", 1, "1.00", Instant.EPOCH, 1L, 1)))).isEmpty();
            List<UpsertBatchWriter.Conflict<WideRow>> conflicts = writer.write(List.of(
                    WideRow.of("a", "e1", 1, "1.00", Instant.EPOCH, 1L, 1), // a replay: no conflict
                    WideRow.of("b", "e9", 1, "1.00", Instant.EPOCH, 1L, 1))); // same version, another identity
            assertThat(conflicts).hasSize(1);
            assertThat(conflicts.get(0).row().id).isEqualTo("b");
            assertThat(conflicts.get(0).storedIdentity()).isEqualTo("e2");
        }
        assertThat(TestDatabase.dump(url, "wide_rows")).contains("id=b|note=e2|");
    }

    @Test
    void aBinderThatDoesMoreThanSetParametersIsRefused() {
        Object[] values = new Object[2];
        var statement = UnnestUpsert.capture(values);
        assertThatThrownBy(statement::addBatch).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("a row binder may only set parameters; it called addBatch");
        assertThatThrownBy(() -> statement.setString(3, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 3 of 2");
    }

    @Test
    void theStatementIsOneInsertOverOneArrayPerColumnReturningTheKey() {
        assertThat(UnnestUpsert.sql(TestRow.TABLE, List.of("text", "numeric", "int8"))).isEqualTo(
                "INSERT INTO test_rows AS r (id, amount, version) SELECT * FROM unnest(?::text[], ?::numeric[],"
                        + " ?::int8[]) ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, version ="
                        + " EXCLUDED.version WHERE r.version < EXCLUDED.version RETURNING r.id");
    }
}
