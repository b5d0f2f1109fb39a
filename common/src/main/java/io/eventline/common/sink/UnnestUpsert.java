package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The version-guarded upsert of a whole merged batch as one PostgreSQL statement over one array per column:
 * {@code INSERT INTO t AS r (...) SELECT * FROM unnest(?::text[], ?::int8[], ...) ON CONFLICT ... WHERE guard
 * RETURNING key} (issue 12). pgjdbc's {@code reWriteBatchedInserts} sends the batch as multi-row {@code VALUES}
 * statements of up to 128 rows, so PostgreSQL parses and plans a statement of rows × columns parameters several
 * times per batch, and it reports no update counts, which made every batch of a table with an identity look its
 * keys up again to find version conflicts. Here the statement has one parameter per column whatever the batch
 * size, and {@code RETURNING} names the keys the guard let through: only the others are looked up.
 *
 * <p>Hand-written because no library turns a JDBC row binder into column arrays: the table's {@link RowBinder} is
 * run against a recording {@link PreparedStatement} ({@link #capture}), so tables keep one binder for SQLite, the
 * batched statement and this one. Values go as text array elements in PostgreSQL's input syntax (numbers plain,
 * times ISO-8601 with their offset), cast by the statement to the column's type, which is read from the table
 * itself ({@code SELECT ... WHERE false}) when the statement is prepared.
 */
final class UnnestUpsert<T> {

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final UpsertTable<T> table;
    private final List<String> types;
    private final PreparedStatement statement;
    private final Connection connection;
    private final Object[] rowValues;
    private final PreparedStatement recorder;

    private UnnestUpsert(UpsertTable<T> table, List<String> types, Connection connection) throws SQLException {
        this.table = table;
        this.types = types;
        this.connection = connection;
        this.statement = connection.prepareStatement(sql(table, types));
        this.rowValues = new Object[types.size()];
        this.recorder = capture(rowValues);
    }

    /**
     * The statement for {@code table} on {@code connection}, or {@code null} when a column's type has no plain
     * array form (an array or quoted type): the batched statement then writes that table.
     */
    static <T> UnnestUpsert<T> prepare(UpsertTable<T> table, Connection connection) throws SQLException {
        if (table.keyColumns().size() != 1) {
            return null; // RETURNING one key per row: composite keys keep the batched statement
        }
        List<String> types = new ArrayList<>();
        try (PreparedStatement probe = connection.prepareStatement(
                "SELECT " + String.join(", ", table.columns()) + " FROM " + table.table() + " WHERE false");
                ResultSet rs = probe.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String type = meta.getColumnTypeName(i);
                if (type == null || !TYPE_NAME.matcher(type).matches()) {
                    return null;
                }
                types.add(type);
            }
        }
        return new UnnestUpsert<>(table, types, connection);
    }

    static String sql(UpsertTable<?> table, List<String> types) {
        StringBuilder source = new StringBuilder("SELECT * FROM unnest(");
        for (int i = 0; i < types.size(); i++) {
            source.append(i == 0 ? "" : ", ").append("?::").append(types.get(i)).append("[]");
        }
        source.append(")");
        return table.upsertSql(source.toString()) + " RETURNING r." + table.keyColumns().get(0);
    }

    /**
     * Writes the rows (distinct keys) in the caller's transaction; returns the keys the guard let through (inserted
     * or replaced), in their text form.
     */
    Set<String> write(Collection<T> rows) throws SQLException {
        int columns = types.size();
        Object[][] values = new Object[columns][rows.size()];
        int r = 0;
        RowBinder<T> binder = table.binder();
        for (T row : rows) {
            Arrays.fill(rowValues, null);
            binder.bind(recorder, row, SqlDialect.POSTGRES);
            for (int c = 0; c < columns; c++) {
                values[c][r] = text(rowValues[c], c);
            }
            r++;
        }
        for (int c = 0; c < columns; c++) {
            statement.setArray(c + 1, connection.createArrayOf(types.get(c), values[c]));
        }
        Set<String> written = new HashSet<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                written.add(rs.getString(1));
            }
        }
        return written;
    }

    /** A value in PostgreSQL's input syntax for its column's type, or {@code null}. */
    private String text(Object value, int column) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString(); // toString may say 1E+3
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof TemporalAccessor) {
            return value.toString(); // OffsetDateTime/Instant: ISO-8601 with the offset, as timestamptz reads it
        }
        throw new IllegalStateException("table " + table.table() + " column " + table.columns().get(column)
                + ": the unnest upsert cannot pass a " + value.getClass().getName() + "; bind a String, number,"
                + " boolean or java.time value");
    }

    /**
     * A {@link PreparedStatement} that only records what its {@code set...(index, value, ...)} methods are given
     * into {@code values} ({@code setNull}: null); anything else is refused. Only the binder sees it.
     */
    static PreparedStatement capture(Object[] values) {
        InvocationHandler handler = (proxy, method, args) -> record(values, method, args);
        return (PreparedStatement) Proxy.newProxyInstance(UnnestUpsert.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object record(Object[] values, Method method, Object[] args) {
        String name = method.getName();
        if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
            if (index < 1 || index > values.length) {
                throw new IllegalArgumentException("parameter " + index + " of " + values.length);
            }
            values[index - 1] = name.equals("setNull") ? null : args[1];
            return null;
        }
        throw new UnsupportedOperationException("a row binder may only set parameters; it called " + name);
    }
}
