package io.eventline.bench;

import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.RowBinder;
import io.eventline.common.sink.SqlDialect;
import io.eventline.common.sink.UpsertTable;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.workload.OrderWorkload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.function.IntFunction;

/**
 * Writes a workload's expected final rows with the sink's own upsert SQL and batch size, one thread's share
 * (every {@code threads}-th row): what a JDBC writer alone achieves, without Flink in front.
 */
final class ExpectedRowsLoader {

    private final OrderWorkload workload;
    private final CustomerRow[] customers;
    private final JdbcSinkSettings settings;

    ExpectedRowsLoader(OrderWorkload workload, JdbcSinkSettings settings) {
        this.workload = workload;
        this.customers = workload.expectedCustomers();
        this.settings = settings;
    }

    /** Rows written by thread {@code thread} of {@code threads}. */
    long load(int thread, int threads) throws Exception {
        long rows = 0;
        try (Connection c = settings.openConnection()) {
            rows += write(c, ReadModelTables.ORDER_SUMMARY, k -> k % threads != thread || !workload.hasOrder(k) ? null
                    : ReadModelRows.toSink(workload.expectedOrder(k)), workload.aggregates());
            rows += write(c, ReadModelTables.CUSTOMER_ORDERS, k -> k % threads != thread || customers[k] == null ? null
                    : ReadModelRows.toSink(customers[k]), customers.length);
        }
        return rows;
    }

    private <T> long write(Connection c, UpsertTable<T> table, IntFunction<T> rowAt, int n) throws Exception {
        RowBinder<T> binder = table.binder();
        long rows = 0;
        int inBatch = 0;
        try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            for (int k = 0; k < n; k++) {
                T row = rowAt.apply(k);
                if (row == null) {
                    continue;
                }
                binder.bind(ps, row, SqlDialect.POSTGRES);
                ps.addBatch();
                rows++;
                if (++inBatch == settings.batchSize()) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
            }
        }
        return rows;
    }
}
