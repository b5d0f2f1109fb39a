package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds one row's values to the parameters of {@link UpsertTable#upsertSql()}, in column order. */
@FunctionalInterface
public interface RowBinder<T> extends Serializable {
    void bind(PreparedStatement statement, T row, SqlDialect dialect) throws SQLException;
}
