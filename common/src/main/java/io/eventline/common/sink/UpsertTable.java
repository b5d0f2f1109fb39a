package io.eventline.common.sink;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Describes a read-model table written as absolute row snapshots: the table, its key, its columns (in bind
 * order), how to get a row's key and version, and how to bind a row. Generic: no knowledge of any domain.
 *
 * @param <T> the row type
 */
public final class UpsertTable<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Returns a row's version: it grows by one with every event applied to the row's key. */
    @FunctionalInterface
    public interface VersionOf<T> extends Serializable {
        long version(T row);
    }

    /** Returns the id of the last event applied to a row: what tells two rows of the same version apart. */
    @FunctionalInterface
    public interface IdentityOf<T> extends Serializable {
        String identity(T row);
    }

    private final String table;
    private final List<String> keyColumns;
    private final List<String> columns;
    private final String versionColumn;
    private final KeySelector<T, ?> key;
    private final VersionOf<T> version;
    private final RowBinder<T> binder;
    private final String identityColumn;
    private final IdentityOf<T> identity;
    private final String refreshColumn;
    private final VersionOf<T> refresh;

    private UpsertTable(
            String table,
            List<String> keyColumns,
            List<String> columns,
            String versionColumn,
            KeySelector<T, ?> key,
            VersionOf<T> version,
            RowBinder<T> binder,
            String identityColumn,
            IdentityOf<T> identity,
            String refreshColumn,
            VersionOf<T> refresh) {
        this.table = requireIdentifier(table);
        this.refreshColumn = refreshColumn;
        this.refresh = refresh;
        if (refreshColumn != null && !columns.contains(refreshColumn)) {
            throw new IllegalArgumentException("refresh column " + refreshColumn + " must be among " + columns);
        }
        this.identityColumn = identityColumn;
        this.identity = identity;
        if (identityColumn != null && (!columns.contains(identityColumn) || keyColumns.size() != 1)) {
            throw new IllegalArgumentException("identity column " + identityColumn + " must be among " + columns
                    + ", on a table with a single key column");
        }
        this.keyColumns = List.copyOf(keyColumns);
        this.columns = List.copyOf(columns);
        this.versionColumn = requireIdentifier(versionColumn);
        this.key = Objects.requireNonNull(key, "key");
        this.version = Objects.requireNonNull(version, "version");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.columns.forEach(UpsertTable::requireIdentifier);
        if (this.keyColumns.isEmpty() || !this.columns.containsAll(this.keyColumns)) {
            throw new IllegalArgumentException("key columns " + keyColumns + " must be among " + columns);
        }
        if (!this.columns.contains(versionColumn)) {
            throw new IllegalArgumentException("version column " + versionColumn + " must be among " + columns);
        }
    }

    /** A table whose version column is named {@code version}. */
    public static <T> UpsertTable<T> of(
            String table,
            List<String> keyColumns,
            List<String> columns,
            KeySelector<T, ?> key,
            VersionOf<T> version,
            RowBinder<T> binder) {
        return new UpsertTable<>(table, keyColumns, columns, "version", key, version, binder, null, null, null, null);
    }

    /**
     * The same table, with a column naming the last event applied to a row (e.g. {@code last_event_id}). The sink
     * then reports a version conflict when a row arrives with the version already stored but another identity: a
     * non-deterministic projection or two writers, which the version guard alone would drop silently.
     */
    public UpsertTable<T> withIdentity(String column, IdentityOf<T> identityOf) {
        return new UpsertTable<>(table, keyColumns, columns, versionColumn, key, version, binder,
                requireIdentifier(column), Objects.requireNonNull(identityOf, "identityOf"), refreshColumn, refresh);
    }

    /**
     * The same table, with a second version compared only when the versions are equal: for rows that also carry
     * fields copied from another stream (a denormalized replica), which change the row without an event of the
     * row's own key. Such a refresh keeps the row's version (the count of its own events, what readers wait for)
     * and raises {@code column}; the guard then orders rows by (version, refresh). A refresh is not a new
     * identity: rows of one version and identity differ only in the copied fields, never a version conflict.
     */
    public UpsertTable<T> withRefresh(String column, VersionOf<T> refreshOf) {
        return new UpsertTable<>(table, keyColumns, columns, versionColumn, key, version, binder,
                identityColumn, identity, requireIdentifier(column), Objects.requireNonNull(refreshOf, "refreshOf"));
    }

    /** Whether {@code row} replaces {@code held} under the guard: a higher version, or the same and a higher refresh. */
    public boolean supersedes(T row, T held) {
        long v = versionOf(row);
        long h = versionOf(held);
        return v > h || (v == h && refresh != null && refresh.version(row) > refresh.version(held));
    }

    /**
     * The same columns, key, version, binding and identity in another table of the same shape, e.g. a versioned
     * copy a rebuild writes ({@code order_summary__v2}).
     */
    public UpsertTable<T> inTable(String otherTable) {
        return new UpsertTable<>(otherTable, keyColumns, columns, versionColumn, key, version, binder,
                identityColumn, identity, refreshColumn, refresh);
    }

    /** The identity column, or {@code null} when version conflicts are not checked. */
    public String identityColumn() {
        return identityColumn;
    }

    public String identityOf(T row) {
        return identity.identity(row);
    }

    public String versionColumn() {
        return versionColumn;
    }

    /**
     * The stored version and identity of up to {@code keys} rows: {@code SELECT key, version, identity FROM t WHERE
     * key IN (?, ...)}. Only for tables {@link #withIdentity with an identity}.
     */
    public String storedIdentitySql(int keys) {
        StringBuilder sql = new StringBuilder("SELECT ").append(keyColumns.get(0)).append(", ").append(versionColumn)
                .append(", ").append(identityColumn).append(" FROM ").append(table).append(" WHERE ")
                .append(keyColumns.get(0)).append(" IN (");
        for (int i = 0; i < keys; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(")").toString();
    }

    public String table() {
        return table;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public List<String> columns() {
        return columns;
    }

    public Object keyOf(T row) {
        try {
            return key.getKey(row);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the key of a " + table + " row", e);
        }
    }

    public long versionOf(T row) {
        return version.version(row);
    }

    public RowBinder<T> binder() {
        return binder;
    }

    /**
     * The one upsert statement, the same text on PostgreSQL and SQLite: insert the snapshot, or replace the
     * stored row only when the snapshot's version is higher (or, {@link #withRefresh with a refresh column}, the
     * same and its refresh higher). A replay (same or lower version) changes nothing.
     */
    public String upsertSql() {
        return upsertSql(valuesList());
    }

    /** The same upsert of the rows of {@code source}: a {@code VALUES} list or a query giving every column in order. */
    String upsertSql(String source) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" AS r (");
        sql.append(String.join(", ", columns)).append(") ").append(source);
        sql.append(" ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO UPDATE SET ");
        boolean first = true;
        for (String column : columns) {
            if (keyColumns.contains(column)) {
                continue;
            }
            sql.append(first ? "" : ", ").append(column).append(" = EXCLUDED.").append(column);
            first = false;
        }
        return sql.append(" WHERE ").append(guardSql()).toString();
    }

    /**
     * The upsert's condition, stored row {@code r} against the incoming {@code EXCLUDED}: a higher version, or (with
     * a refresh column) the same version and a higher refresh. For other statements that write the same rows.
     */
    public String guardSql() {
        String guard = "r." + versionColumn + " < EXCLUDED." + versionColumn;
        return refreshColumn == null ? guard : guard + " OR (r." + versionColumn + " = EXCLUDED." + versionColumn
                + " AND r." + refreshColumn + " < EXCLUDED." + refreshColumn + ")";
    }

    /** A plain insert of the same columns; used only to measure the cost of the upsert. */
    public String plainInsertSql() {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + valuesList();
    }

    /** {@code VALUES (?, ...)}: one parameter per column. */
    private String valuesList() {
        return "VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    private static String requireIdentifier(String name) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
        return name;
    }
}
