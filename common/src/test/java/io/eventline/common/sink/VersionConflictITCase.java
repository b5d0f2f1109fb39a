package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A row arriving with a version already stored but another last event is reported (metric and dead letter at
 * stage sink), never silently dropped; a replay (same version, same event) and a stale row (lower version) are
 * not. On PostgreSQL with rewritten batches (no update counts) and on SQLite (update counts).
 */
class VersionConflictITCase {

    /** Keeps the counters the writer registers, so that a test can read them. */
    static final class Counters extends UnregisteredMetricsGroup {
        final Map<String, SimpleCounter> counters = new HashMap<>();

        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(name, n -> new SimpleCounter());
        }
    }

    /** Collects what the sink reports. */
    static final class Collected implements DeadLetterOutput.Writer {
        final List<DeadLetter> sent = new ArrayList<>();
        int flushes;

        @Override
        public void send(DeadLetter letter) {
            sent.add(letter);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {}
    }

    private static List<String> stored(String url) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, last_event_id, version FROM event_rows ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getString(2) + "@v" + rs.getLong(3));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aSameVersionWithAnotherEventIsReportedAndTheStoredRowKept(TestDatabase db) throws Exception {
        String url = db.newDatabase("conflict");
        TestDatabase.execute(url, EventRow.DDL);
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(10).batchIntervalMs(0).build();
        Counters metrics = new Counters();
        Collected dlq = new Collected();
        try (UpsertBatchWriter<EventRow> batches = new UpsertBatchWriter<>(EventRow.TABLE, settings)) {
            batches.open();
            var writer = new MergingUpsertSink.MergingWriter<>(EventRow.TABLE, settings, batches::write, batches, dlq,
                    "job-1", new TestProcessingTimeService(), metrics);
            writer.write(EventRow.of("a", "e1", 1), null);
            writer.write(EventRow.of("b", "e5", 1), null);
            writer.write(EventRow.of("c", "e7", 2), null);
            writer.flush(false);
            assertThat(dlq.sent).isEmpty();

            writer.write(EventRow.of("a", "e1", 1), null); // a replay: same version, same event
            writer.write(EventRow.of("b", "e6", 1), null); // conflict with the stored row
            writer.write(EventRow.of("c", "e3", 1), null); // stale: a lower version
            writer.flush(false);
            writer.write(EventRow.of("d", "e8", 1), null);
            writer.write(EventRow.of("d", "e9", 1), null); // conflict inside one batch, before the database
            writer.flush(true);
            writer.close();
        }
        assertThat(stored(url)).containsExactly("a=e1@v1", "b=e5@v1", "c=e7@v2", "d=e8@v1");
        assertThat(metrics.counters.get("upsertVersionConflicts").getCount()).isEqualTo(2);
        assertThat(dlq.flushes).isEqualTo(3);
        assertThat(dlq.sent).hasSize(2);
        DeadLetter first = dlq.sent.get(0);
        assertThat(first.getStage()).isEqualTo("sink");
        assertThat(first.getReason()).isEqualTo("version-conflict");
        assertThat(first.getAggregateId()).isEqualTo("b");
        assertThat(first.getEventId()).isEqualTo("e6");
        assertThat(first.getSequenceNumber()).isEqualTo(1L);
        assertThat(first.getJobName()).isEqualTo("job-1");
        assertThat(first.getMessage()).isEqualTo(
                "event_rows row b version 1: last_event_id e5 already holds this version, e6 arrived with it;"
                        + " the stored row is kept");
        assertThat(dlq.sent.get(1).getAggregateId()).isEqualTo("d");
        assertThat(dlq.sent.get(1).getEventId()).isEqualTo("e9");
    }
}
