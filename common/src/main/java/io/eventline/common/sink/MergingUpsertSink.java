package io.eventline.common.sink;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import io.eventline.contracts.SqlDialect;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
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
 * being caught up at {@code maxBufferedRows} keys, after the catch-up max hold or once caught up, so that fewer
 * intermediate versions of a key reach the database.
 *
 * <h2>Written beside the task</h2>
 *
 * In a job the merged map is written on the writer's own thread ({@code upsert-<table>-writer}), one flush in
 * flight at most: the task thread, and every operator chained to it, goes on with the next rows while the database
 * works (issue 12: two sinks chained into one task waited for each other's round trips). A second flush waits for
 * the first, so a slow database still slows the job down (backpressure) and no more than two maps are held. A
 * live barrier and the end of input wait for the write in flight; a failed write fails the task's next row, tick
 * or barrier, with the same message as before. Version conflicts are reported from the task thread.
 *
 * <h2>At-least-once, and held rows in the checkpoint</h2>
 *
 * Flink calls {@link SinkWriter#flush(boolean)} before every checkpoint barrier is passed on and at end of
 * input. A live writer empties its map into the database there and waits for it, so its checkpoint holds no rows.
 * A writer catching up on a backlog keeps its map instead ({@link FlushRule#holdAtBarrier}): the merged rows, and
 * those of a write still in flight, are its writer state ({@link HeldRows}), so the barrier waits for no database
 * round trip and a key merges across checkpoints (issue 12: fewer rows written per event). On restore the held
 * rows come back into the map and are written at the next tick; rows merged after the checkpoint are re-created
 * by the replay. Either way the version guard makes a row written twice harmless. A job stopped with a savepoint
 * (without {@code --drain}) while catching up keeps its held rows in the savepoint: the table shows them once the
 * job resumes from it.
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
public final class MergingUpsertSink<T> implements Sink<T>, SupportsWriterState<T, byte[]> {

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
    public StatefulSinkWriter<T, byte[]> createWriter(WriterInitContext context) throws IOException {
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
                context.getProcessingTimeService(), context.metricGroup(), MergingWriter.writerThread(table.table()));
        TypeSerializer<T> serializer = context.createInputSerializer();
        writer.holdWith(serializer);
        if (context.isObjectReuseEnabled()) {
            // with object reuse the upstream operator may change a row after handing it over: keep copies
            writer.copyWith(serializer);
        }
        return writer;
    }

    @Override
    public StatefulSinkWriter<T, byte[]> restoreWriter(WriterInitContext context, Collection<byte[]> recoveredState)
            throws IOException {
        MergingWriter<T> writer = (MergingWriter<T>) createWriter(context);
        ClassLoader classLoader = context.getUserCodeClassLoader().asClassLoader();
        try {
            for (byte[] held : recoveredState) {
                writer.restore(HeldRows.decode(held, classLoader));
            }
        } catch (IOException | RuntimeException e) {
            try {
                writer.close(); // its thread and connection
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IOException("JDBC sink for table " + table.table()
                    + " cannot restore the rows its checkpoint held: " + MergingWriter.rootMessage(e), e);
        }
        return writer;
    }

    @Override
    public SimpleVersionedSerializer<byte[]> getWriterStateSerializer() {
        return HeldRows.STATE_SERIALIZER;
    }

    /** Writes one merged batch; returns the version conflicts found. */
    @FunctionalInterface
    interface Batches<T> {
        List<UpsertBatchWriter.Conflict<T>> write(Collection<T> rows) throws IOException, InterruptedException;
    }

    /** Merges rows per key and writes each merged map as one batch. */
    static final class MergingWriter<T> implements StatefulSinkWriter<T, byte[]> {

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
        /** Where merged maps are written: the writer's own thread in a job, {@code null} (the caller's) in unit tests. */
        private final ExecutorService io;
        private Future<Written<T>> inFlight;
        /** The rows of {@link #inFlight}: checkpointed while their write has not finished. */
        private List<T> inFlightRows = List.of();
        private int bufferedIn;
        private long totalIn;
        private long totalWritten;
        private boolean closed;
        private TypeSerializer<T> copier;
        /** Writes held rows into a checkpoint; {@code null}: this writer never holds rows at a barrier (unit tests). */
        private TypeSerializer<T> stateSerializer;

        /** Writing on the caller's thread: what unit tests drive. */
        MergingWriter(UpsertTable<T> table, JdbcSinkSettings settings, Batches<T> batchWriter, AutoCloseable resources,
                DeadLetterOutput.Writer deadLetters, String jobName, ProcessingTimeService timers,
                MetricGroup metrics) {
            this(table, settings, batchWriter, resources, deadLetters, jobName, timers, metrics, null);
        }

        /** @param io the thread merged maps are written on, shut down by {@link #close}; {@code null}: the caller's */
        MergingWriter(UpsertTable<T> table, JdbcSinkSettings settings, Batches<T> batchWriter, AutoCloseable resources,
                DeadLetterOutput.Writer deadLetters, String jobName, ProcessingTimeService timers,
                MetricGroup metrics, ExecutorService io) {
            this.io = io;
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

        void holdWith(TypeSerializer<T> serializer) {
            this.stateSerializer = serializer;
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            if (copier != null) {
                row = copier.copy(row);
            }
            merge(row);
            bufferedIn++;
            totalIn++;
            rowsIn.inc();
            rule.rowArrived(context == null ? null : context.timestamp());
            if (rule.flushAfterRow(bufferedIn, buffer.size(), timers::getCurrentProcessingTime)) {
                flushBuffer();
            }
        }

        private void merge(T row) {
            Object key = table.keyOf(row);
            T held = buffer.get(key);
            // Equal versions are the same snapshot (a replay): keep the one held.
            if (held == null || table.supersedes(row, held)) {
                buffer.put(key, row);
            } else if (table.identityColumn() != null && table.versionOf(row) == table.versionOf(held)
                    && !table.identityOf(row).equals(table.identityOf(held))) {
                reportConflict(row, table.identityOf(held));
            }
        }

        /** Rows a checkpoint held, back in the map: written at the next tick (they carry no log time). */
        void restore(List<T> held) {
            if (held.isEmpty()) {
                return;
            }
            held.forEach(this::merge);
            rule.rowArrived(null);
            LOG.info("upsert sink {}: {} rows held by the checkpoint restored", table.table(), held.size());
        }

        static ExecutorService writerThread(String table) {
            return Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "upsert-" + table + "-writer");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (endOfInput || stateSerializer == null || !rule.holdAtBarrier(timers.getCurrentProcessingTime())) {
                flushBuffer();
                awaitWritten(); // a live barrier passes only once every row before it is in the database
            } // else catching up: the map and the write in flight go into the checkpoint (snapshotState)
            if (deadLetters != null) {
                deadLetters.flush(); // a reported conflict is in Kafka before the checkpoint completes
            }
        }

        private void flushBuffer() throws IOException, InterruptedException {
            bufferedIn = 0;
            if (buffer.isEmpty()) {
                return;
            }
            List<T> rows = new ArrayList<>(buffer.values());
            buffer.clear();
            rule.flushed();
            awaitWritten(); // one map in flight at most
            if (io == null) {
                account(writeAll(rows));
            } else {
                inFlightRows = rows;
                inFlight = io.submit(() -> writeAll(rows));
            }
        }

        @Override
        public List<byte[]> snapshotState(long checkpointId) throws IOException {
            if (inFlight != null && inFlight.isDone()) {
                try {
                    awaitWritten(); // written (or failed: the checkpoint fails rather than hold rows it lost)
                } catch (InterruptedException e) { // a finished write does not block: only a pending interrupt
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(
                            "upsert sink " + table.table() + ": interrupted at checkpoint " + checkpointId);
                }
            }
            if (buffer.isEmpty() && inFlight == null) {
                return List.of();
            }
            if (stateSerializer == null) {
                throw new IllegalStateException(
                        "upsert sink " + table.table() + ": rows held at a checkpoint without a serializer");
            }
            List<T> held = new ArrayList<>(inFlightRows.size() + buffer.size());
            if (inFlight != null) {
                held.addAll(inFlightRows); // merged again on restore: the map's newer versions win
            }
            held.addAll(buffer.values());
            return List.of(HeldRows.encode(held, stateSerializer));
        }

        /** Waits for the map in flight, if any, and reports what it found; its failure is thrown here. */
        private void awaitWritten() throws IOException, InterruptedException {
            if (inFlight == null) {
                return;
            }
            Future<Written<T>> written = inFlight;
            inFlight = null;
            inFlightRows = List.of();
            try {
                account(written.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                } else if (cause instanceof InterruptedException interrupted) {
                    throw interrupted;
                } else if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                } else if (cause instanceof Error error) {
                    throw error;
                }
                throw new IOException(cause);
            }
        }

        /** One merged map written: one transaction per {@code batchSize} rows, as a live buffer writes them. */
        private Written<T> writeAll(List<T> rows) throws IOException, InterruptedException {
            List<UpsertBatchWriter.Conflict<T>> conflicts = new ArrayList<>();
            int batchCount = 0;
            for (int from = 0; from < rows.size(); from += settings.batchSize()) {
                conflicts.addAll(batchWriter.write(rows.subList(from, Math.min(rows.size(), from + settings.batchSize()))));
                batchCount++;
            }
            return new Written<>(rows.size(), batchCount, conflicts);
        }

        /** Metrics and conflicts of a written map, on the task thread. */
        private void account(Written<T> written) {
            batches.inc(written.batches());
            totalWritten += written.rows();
            rowsWritten.inc(written.rows());
            for (UpsertBatchWriter.Conflict<T> conflict : written.conflicts()) {
                reportConflict(conflict.row(), conflict.storedIdentity());
            }
        }

        private record Written<T>(int rows, int batches, List<UpsertBatchWriter.Conflict<T>> conflicts) {}

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
                    if (inFlight != null && inFlight.isDone()) {
                        awaitWritten(); // a write that failed surfaces here even when no row follows it
                    }
                    if (!buffer.isEmpty() && rule.flushOnTick(time)) {
                        flushBuffer();
                    }
                    scheduleIntervalFlush();
                }
            });
        }

        /** Whether a merged map is being written (tests). */
        boolean writing() {
            return inFlight != null && !inFlight.isDone();
        }

        /** Rows received and rows written so far by this subtask. */
        long[] totals() {
            return new long[] {totalIn, totalWritten};
        }

        @Override
        public void close() throws Exception {
            closed = true;
            LOG.info("upsert sink {}: {} rows in, {} merged rows written", table.table(), totalIn, totalWritten);
            if (io != null) {
                // After a flush nothing is in flight; after a failure or a cancel a write may be: it is abandoned
                // (interrupted), and its rows come back with the replay from the last checkpoint.
                io.shutdownNow();
                if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("upsert sink {}: a write still runs after 10 s; closing its connection", table.table());
                }
            }
            // Rows still in the map here are in the last checkpoint or come back with the replay from it.
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
