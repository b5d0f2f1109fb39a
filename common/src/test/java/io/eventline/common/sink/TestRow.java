package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.math.BigDecimal;
import java.util.List;

/** A minimal snapshot row for sink tests. */
public class TestRow {
    public String id;
    public BigDecimal amount;
    public long version;

    public TestRow() {}

    public static TestRow of(String id, String amount, long version) {
        TestRow r = new TestRow();
        r.id = id;
        r.amount = new BigDecimal(amount);
        r.version = version;
        return r;
    }

    public static final UpsertTable<TestRow> TABLE = UpsertTable.of(
            "test_rows",
            List.of("id"),
            List.of("id", "amount", "version"),
            row -> row.id,
            row -> row.version,
            (ps, row, dialect) -> {
                ps.setString(1, row.id);
                dialect.setMoney(ps, 2, row.amount);
                ps.setLong(3, row.version);
            });

    public static String ddl(SqlDialect dialect) {
        return "CREATE TABLE IF NOT EXISTS test_rows (id TEXT PRIMARY KEY NOT NULL, amount "
                + (dialect == SqlDialect.POSTGRES ? "NUMERIC(18, 2)" : "TEXT") + " NOT NULL, version BIGINT NOT NULL);";
    }

    @Override
    public String toString() {
        return id + "=" + amount + "@v" + version;
    }
}
