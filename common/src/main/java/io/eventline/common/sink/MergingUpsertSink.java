package io.eventline.common.sink;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import io.eventline.contracts.SqlDialect;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once JDBC sink for absolute row snapshots: merges rows per key, then writes each merged batch with the
 * version-guarded upsert of {@link UpsertTable#upsertSql()} through an {@link UpsertBatchWriter} (one
 * transaction per batch, retried with backoff through outages).
 *
 * <h2>Why the merge sits in the writer</h2>
 *
 * PostgreSQL rejects a rewritten multi-row insert that touches one key twice ("ON CONFLICT DO UPDATE command
 * cannot affect row a second time"). Rows are merged in a map (highest version per key wins) and the map is
 * written in JDBC batches of at most {@code batchSize} rows: distinct keys only. When the map is written is
 * {@link FlushRule}'s decision: live rows after a short interval or {@code batchSize} rows in; rows of a backlog
 * being caught up at the checkpoint barrier, or at {@code maxBufferedRows} keys, so that fewer intermediate
 * versions of a key reach the database.
 *
 * <h2>At-least-once</h2>
 *
 * Flink calls {@link SinkWriter#flush(boolean)} before every checkpoint barrier is passed on and at end of
 * input; this writer empties its map into the database there, so nothing is buffered while a checkpoint is
 * taken and the writer needs no state of its own. Rows in the map when a task fails are re-created by the
 * replay from the last checkpoint; the version guard makes the replayed rows harmless.
 *
 * <h2>Outages and failures retries cannot fix</h2>
 *
 * A batch that fails for a reason an outage causes is retried for {@link JdbcSinkSettings#retryTimeout()}
 * (default 2 min, below the checkpoint timeout), reconnecting each time. A failure that survives the retries, or
 * one retries cannot fix, fails the job with a message naming the table, the rows, what was tried for how long,
 * and the cause; it is not dead-lettered. A read model is a deterministic function of the events: dropping a
 * snapshot to a dead-letter topic would leave the table silently stale, while failing the job keeps the
 * checkpointed position, so once the cause is fixed the restart rewrites exactly the missing rows.
 *
 * <h2>Version conflicts</h2>
 *
 * For a table {@link UpsertTable#withIdentity with an identity column}, a row arriving with the version already
 * stored but another identity (another last event) is not the replay the guard exists for: it is counted
 * ({@code upsertVersionConflicts}) and, when the sink was given a {@link DeadLetterOutput}, reported as a dead
 * letter at stage {@code sink}, reason {@value #VERSION_CONFLICT}. The stored row stays as it is.
 *
 * @param <T> the row type
 */
public final class MergingUpsertSink<T> implements Sink<T> {

    private static final long serialVersionUID = 2L;

    /** Reason code of the dead letter for a version conflict. */
    public static final String VERSION_CONFLICT = "version-conflict";

    private final UpsertTable<T> table;
    private final JdbcSinkSettings settings;
    private final List<String> ddlScripts;
    private final DeadLetterOutput deadLetters;
    private final String jobName;

    /**
     * @param ddlScripts scripts of idempotent DDL run once per writer when {@code settings.createMissingTables()}
     *     holds; may be empty
     */
    public MergingUpsertSink(UpsertTable<T> table, JdbcSinkSettings settings, List<String> ddlScripts) {
        this(table, settings, ddlScripts, null, "");
    }

    /**
     * @param deadLetters where version conflicts go; {@code null}: counted and logged only
     * @param jobName the {@code jobName} of those dead letters
     */
    public MergingUpsertSink(UpsertTable<T> table, JdbcSinkSettings settings, List<String> ddlScripts,
            DeadLetterOutput deadLetters, String jobName) {
        this.table = Objects.requireNonNull(table, "table");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ddlScripts = List.copyOf(ddlScripts);
        this.deadLetters = deadLetters;
        this.jobName = jobName == null ? "" : jobName;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (settings.createMissingTables() && !ddlScripts.isEmpty()) {
            SqlScripts.createMissingTables(settings, ddlScripts);
        }
        UpsertBatchWriter<T> batches = new UpsertBatchWriter<>(table, settings);
        try {
            batches.open();
        } catch (SQLException | RuntimeException e) {
            batches.close();
            // e.g. SQLite prepares the statement on open and fails here on a missing table
            throw new IOException("JDBC sink for table " + table.table() + " at " + SqlDialect.redactUrl(settings.url())
                    + " cannot start: " + MergingWriter.rootMessage(e), e);
        }
        DeadLetterOutput.Writer conflicts = deadLetters == null ? null : deadLetters.open(context);
        MergingWriter<T> writer = new MergingWriter<>(table, settings, batches::write, batches, conflicts, jobName,
                context.getProcessingTimeService(), context.metricGroup());
        if (context.isObjectReuseEnabled()) {
            // with object reuse the upstream operator may change a row after handing it over: keep copies
            writer.copyWith(context.<T>createInputSerializer());
        }
        return writer;
    }

    /** Writes one merged batch; returns the version conflicts found. */
    @FunctionalInterface
    interface Batches<T> {
        List<UpsertBatchWriter.Conflict<T>> write(Collection<T> rows) throws IOException, InterruptedException;
    }

    /** Merges rows per key and writes each merged map as one batch. */
    static final class MergingWriter<T> implements SinkWriter<T> {

        private static final Logger LOG = LoggerFactory.getLogger(MergingWriter.class);

        private final UpsertTable<T> table;
        private final JdbcSinkSettings settings;
        private final Batches<T> batchWriter;
        private final AutoCloseable resources;
        private final DeadLetterOutput.Writer deadLetters;
        private final String jobName;
        private final ProcessingTimeService timers;
        private final Map<Object, T> buffer = new LinkedHashMap<>();
        private final FlushRule rule;
        private final Counter rowsIn;
        private final Counter rowsWritten;
        private final Counter batches;
        private final Counter versionConflicts;
        private int bufferedIn;
        private long totalIn;
        private long totalWritten;
        private boolean closed;
        private TypeSerializer<T> copier;

        MergingWriter(UpsertTable<T> table, JdbcSinkSettings settings, Batches<T> batchWriter, AutoCloseable resources,
                DeadLetterOutput.Writer deadLetters, String jobName, ProcessingTimeService timers,
                MetricGroup metrics) {
            this.table = table;
            this.settings = settings;
            this.batchWriter = batchWriter;
            this.resources = resources;
            this.deadLetters = deadLetters;
            this.jobName = jobName;
            this.timers = timers;
            this.rule = new FlushRule(settings);
            this.rowsIn = metrics.counter("upsertRowsIn");
            this.rowsWritten = metrics.counter("upsertRowsWritten");
            this.batches = metrics.counter("upsertBatches");
            this.versionConflicts = metrics.counter("upsertVersionConflicts");
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
            if (held == null || table.supersedes(row, held)) {
                buffer.put(key, row);
            } else if (table.identityColumn() != null && table.versionOf(row) == table.versionOf(held)
                    && !table.identityOf(row).equals(table.identityOf(held))) {
                reportConflict(row, table.identityOf(held));
            }
            bufferedIn++;
            totalIn++;
            rowsIn.inc();
            rule.rowArrived(context == null ? null : context.timestamp());
            if (rule.flushAfterRow(bufferedIn, buffer.size(), timers::getCurrentProcessingTime)) {
                flushBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            flushBuffer();
            if (deadLetters != null) {
                deadLetters.flush(); // a reported conflict is in Kafka before the checkpoint completes
            }
        }

        private void flushBuffer() throws IOException, InterruptedException {
            bufferedIn = 0;
            if (buffer.isEmpty()) {
                return;
            }
            int rows = buffer.size();
            if (rows <= settings.batchSize()) {
                writeBatch(buffer.values());
            } else {
                // a catching-up buffer: one transaction per batchSize rows, as a live one writes them
                List<T> batch = new ArrayList<>(settings.batchSize());
                for (T row : buffer.values()) {
                    batch.add(row);
                    if (batch.size() == settings.batchSize()) {
                        writeBatch(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
            }
            buffer.clear();
            rule.flushed();
            totalWritten += rows;
            rowsWritten.inc(rows);
        }

        private void writeBatch(Collection<T> rows) throws IOException, InterruptedException {
            List<UpsertBatchWriter.Conflict<T>> conflicts = batchWriter.write(rows);
            batches.inc();
            for (UpsertBatchWriter.Conflict<T> conflict : conflicts) {
                reportConflict(conflict.row(), conflict.storedIdentity());
            }
        }

        private void reportConflict(T row, String otherIdentity) {
            versionConflicts.inc();
            String key = String.valueOf(table.keyOf(row));
            String message = table.table() + " row " + key + " version " + table.versionOf(row) + ": "
                    + table.identityColumn() + " " + otherIdentity + " already holds this version, "
                    + table.identityOf(row) + " arrived with it; the stored row is kept";
            LOG.warn("upsert sink {}: version conflict: {}", table.table(), message);
            if (deadLetters != null) {
                DeadLetter letter = DeadLetters.builder(Stage.SINK, VERSION_CONFLICT, message, jobName)
                        .setAggregateId(key)
                        .setEventId(table.identityOf(row))
                        .setSequenceNumber(table.versionOf(row))
                        .build();
                deadLetters.send(letter);
            }
        }

        private void scheduleIntervalFlush() {
            if (settings.batchIntervalMs() <= 0) {
                return;
            }
            long at = timers.getCurrentProcessingTime() + settings.batchIntervalMs();
            // Timer callbacks run in the task's mailbox thread, never beside write().
            timers.registerTimer(at, time -> {
                if (!closed) {
                    if (!buffer.isEmpty() && rule.flushOnTick(time)) {
                        flushBuffer();
                    }
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
                if (resources != null) {
                    resources.close();
                }
            } finally {
                if (deadLetters != null) {
                    deadLetters.close();
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
