package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once JDBC sink for absolute row snapshots: merges rows per key, then writes them through
 * flink-connector-jdbc's DataStream {@link JdbcSink} with the version-guarded upsert of
 * {@link UpsertTable#upsertSql()}.
 *
 * <h2>Why the merge sits in a wrapping writer</h2>
 *
 * {@code JdbcSink}'s writer hard-wires {@code JdbcBatchStatementExecutor.simple(...)}: the builder offers no
 * seam for a custom statement executor, so rows cannot be merged inside its batch. A separate upstream operator
 * could buffer and merge, but then two of its flushes could still land in one JDBC batch of the sink (the sink
 * has its own size and interval triggers), and PostgreSQL rejects a rewritten multi-row insert that touches one
 * key twice ("ON CONFLICT DO UPDATE command cannot affect row a second time"). Wrapping the writer puts both
 * buffers under one owner: rows are merged in a map of at most {@code batchSize} incoming rows (highest version
 * per key wins), the map is handed to the wrapped writer, and the wrapped writer is flushed at once. The wrapped
 * sink runs with the same batch size and no timer of its own, so every JDBC batch is one merged map: distinct
 * keys only.
 *
 * <h2>At-least-once</h2>
 *
 * Flink calls {@link SinkWriter#flush(boolean)} before every checkpoint barrier is passed on and at end of
 * input; this writer empties its map into the database there, so nothing is buffered while a checkpoint is
 * taken and the writer needs no state of its own. Rows in the map when a task fails are re-created by the
 * replay from the last checkpoint; the version guard makes the replayed rows harmless.
 *
 * <h2>Failures retries cannot fix</h2>
 *
 * The wrapped sink retries a failed batch {@code maxRetries} times, reconnecting as needed. A failure that
 * survives the retries fails the job with a message naming the table, the rows and the cause; it is not
 * dead-lettered. A read model is a deterministic function of the events: dropping a snapshot to a dead-letter
 * topic would leave the table silently stale (a later version may never come), while failing the job keeps the
 * checkpointed position, so once the cause is fixed (a missing table, a full disk, a revoked grant) the restart
 * rewrites exactly the missing rows and the table converges. The restart strategy of the job decides how often
 * transient causes are retried at the job level.
 *
 * @param <T> the row type
 */
public final class MergingUpsertSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final UpsertTable<T> table;
    private final JdbcSinkSettings settings;
    private final List<String> ddlScripts;

    /**
     * @param ddlScripts scripts of idempotent DDL run once per writer when {@code settings.createMissingTables()}
     *     holds; may be empty
     */
    public MergingUpsertSink(UpsertTable<T> table, JdbcSinkSettings settings, List<String> ddlScripts) {
        this.table = Objects.requireNonNull(table, "table");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ddlScripts = List.copyOf(ddlScripts);
    }

    /**
     * The wrapped connector sink: version-guarded upsert, at-least-once. Built in the task (in
     * {@link #createWriter}) over a connection provider this writer keeps, so that it can close the connection
     * itself when the connector cannot (see {@link MergingWriter#close()}).
     */
    JdbcSink<T> jdbcSink(JdbcConnectionProvider connections) {
        RowBinder<T> binder = table.binder();
        SqlDialect dialect = settings.dialect();
        return JdbcSink.<T>builder()
                .withQueryStatement(table.upsertSql(), (statement, row) -> binder.bind(statement, row, dialect))
                .withExecutionOptions(settings.executionOptions())
                .buildAtLeastOnce(connections);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (settings.createMissingTables() && !ddlScripts.isEmpty()) {
            SqlScripts.createMissingTables(settings, ddlScripts);
        }
        JdbcConnectionProvider connections = new SimpleJdbcConnectionProvider(settings.connectionOptions());
        SinkWriter<T> delegate;
        try {
            delegate = jdbcSink(connections).createWriter(context);
        } catch (IOException | RuntimeException e) {
            connections.closeConnection();
            // e.g. SQLite prepares the statement on open and fails here on a missing table
            throw new IOException("JDBC sink for table " + table.table() + " at " + SqlDialect.redactUrl(settings.url())
                    + " cannot start: " + MergingWriter.rootMessage(e), e);
        }
        MergingWriter<T> writer = new MergingWriter<>(table, settings, delegate, connections,
                context.getProcessingTimeService(), context.metricGroup());
        if (context.isObjectReuseEnabled()) {
            // with object reuse the upstream operator may change a row after handing it over: keep copies
            writer.copyWith(context.<T>createInputSerializer());
        }
        return writer;
    }

    /** Merges rows per key, hands each merged map to the wrapped writer and flushes it. */
    static final class MergingWriter<T> implements SinkWriter<T> {

        private static final Logger LOG = LoggerFactory.getLogger(MergingWriter.class);

        private final UpsertTable<T> table;
        private final JdbcSinkSettings settings;
        private final SinkWriter<T> delegate;
        private final JdbcConnectionProvider connections;
        private final ProcessingTimeService timers;
        private final Map<Object, T> buffer = new LinkedHashMap<>();
        private final Counter rowsIn;
        private final Counter rowsWritten;
        private final Counter batches;
        private int bufferedIn;
        private long totalIn;
        private long totalWritten;
        private boolean closed;
        private boolean failed;
        private TypeSerializer<T> copier;

        MergingWriter(UpsertTable<T> table, JdbcSinkSettings settings, SinkWriter<T> delegate,
                JdbcConnectionProvider connections, ProcessingTimeService timers, MetricGroup metrics) {
            this.table = table;
            this.settings = settings;
            this.delegate = delegate;
            this.connections = connections;
            this.timers = timers;
            this.rowsIn = metrics.counter("upsertRowsIn");
            this.rowsWritten = metrics.counter("upsertRowsWritten");
            this.batches = metrics.counter("upsertBatches");
            scheduleIntervalFlush();
        }

        void copyWith(TypeSerializer<T> serializer) {
            this.copier = serializer;
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            if (copier != null) {
                row = copier.copy(row);
            }
            Object key = table.keyOf(row);
            T held = buffer.get(key);
            // Equal versions are the same snapshot (a replay): keep the one held.
            if (held == null || table.versionOf(row) > table.versionOf(held)) {
                buffer.put(key, row);
            }
            bufferedIn++;
            totalIn++;
            rowsIn.inc();
            if (bufferedIn >= settings.batchSize()) {
                flushBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            flushBuffer();
            delegate.flush(endOfInput);
        }

        private void flushBuffer() throws IOException, InterruptedException {
            bufferedIn = 0;
            if (buffer.isEmpty()) {
                return;
            }
            int rows = buffer.size();
            try {
                for (T row : buffer.values()) {
                    delegate.write(row, null);
                }
                delegate.flush(false);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw new IOException(
                        "JDBC sink for table " + table.table() + " at " + SqlDialect.redactUrl(settings.url())
                                + " could not write " + rows + " merged rows after " + settings.maxRetries()
                                + " retries; failing the job so that the rows are rewritten from the last"
                                + " checkpoint once the cause is fixed. Cause: " + rootMessage(e),
                        e);
            }
            buffer.clear();
            totalWritten += rows;
            rowsWritten.inc(rows);
            batches.inc();
        }

        private void scheduleIntervalFlush() {
            if (settings.batchIntervalMs() <= 0) {
                return;
            }
            long at = timers.getCurrentProcessingTime() + settings.batchIntervalMs();
            // Timer callbacks run in the task's mailbox thread, never beside write().
            timers.registerTimer(at, time -> {
                if (!closed) {
                    flushBuffer();
                    scheduleIntervalFlush();
                }
            });
        }

        /** Rows received and rows written so far by this subtask. */
        long[] totals() {
            return new long[] {totalIn, totalWritten};
        }

        @Override
        public void close() throws Exception {
            closed = true;
            LOG.info("upsert sink {}: {} rows in, {} merged rows written", table.table(), totalIn, totalWritten);
            // Rows still in the map here were not confirmed by a checkpoint; the replay brings them back.
            try {
                delegate.close();
            } catch (Exception e) {
                if (!failed) {
                    throw e;
                }
                // After a failed batch the connector's close() tries that batch once more and throws from close(),
                // which Flink treats as fatal for the whole TaskManager. The failure was already reported by
                // flushBuffer(); close the connection the connector left open and let the task fail normally.
                LOG.warn("upsert sink {}: closing after a failed batch: {}", table.table(), e.toString());
                if (connections != null) {
                    connections.closeConnection();
                }
            }
        }

        static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }
}
