package io.eventline.common.sink;

import io.eventline.contracts.SqlDialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MergingUpsertSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static String newTable(TestDatabase db) throws SQLException {
        String url = db.newDatabase("sink");
        TestDatabase.execute(url, TestRow.ddl(db.dialect()));
        return url;
    }

    private static void upsert(String url, SqlDialect dialect, TestRow... rows) throws SQLException {
        try (Connection c = TestDatabase.connect(url); PreparedStatement ps = c.prepareStatement(TestRow.TABLE.upsertSql())) {
            for (TestRow row : rows) {
                TestRow.TABLE.binder().bind(ps, row, dialect);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void staleVersionsAreIgnored(TestDatabase db) throws Exception {
        String url = newTable(db);
        upsert(url, db.dialect(), TestRow.of("a", "10.00", 2), TestRow.of("b", "1.00", 1));
        upsert(url, db.dialect(), TestRow.of("a", "99.99", 1));   // older
        upsert(url, db.dialect(), TestRow.of("a", "77.77", 2));   // same version: a replay
        assertThat(TestDatabase.dump(url, "test_rows")).isEqualTo(
                "id=a|amount=10.00|version=2\nid=b|amount=1.00|version=1");
        upsert(url, db.dialect(), TestRow.of("a", "12.30", 3));
        assertThat(TestDatabase.dump(url, "test_rows")).isEqualTo(
                "id=a|amount=12.30|version=3\nid=b|amount=1.00|version=1");
    }

    @Test
    void sqliteKeepsMoneyAsExactText() throws Exception {
        String url = newTable(TestDatabase.SQLITE);
        upsert(url, SqlDialect.SQLITE, TestRow.of("a", "99.98", 1), TestRow.of("b", "0.10", 1));
        try (Connection c = TestDatabase.connect(url); var s = c.createStatement();
                var rs = s.executeQuery("SELECT id, typeof(amount), amount FROM test_rows ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            assertThat(rows).containsExactly("a text 99.98", "b text 0.10");
        }
    }

    @Test
    void anUnmergedBatchWithOneKeyTwiceFailsOnPostgresWithRewrittenBatches() throws Exception {
        String url = newTable(TestDatabase.POSTGRES);
        assertThat(url).contains("reWriteBatchedInserts=true");
        assertThatThrownBy(() -> upsert(url, SqlDialect.POSTGRES, TestRow.of("a", "1.00", 1), TestRow.of("a", "2.00", 2)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("ON CONFLICT DO UPDATE command cannot affect row a second time");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSinkMergesABatchHoldingOneKeyTwice(TestDatabase db) throws Exception {
        String url = db.newDatabase("merge");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(500).batchIntervalMs(0)
                .createMissingTables(true).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(List.of(TestRow.of("a", "1.00", 1), TestRow.of("b", "5.00", 1), TestRow.of("a", "2.00", 2),
                        TestRow.of("a", "3.00", 3), TestRow.of("b", "4.00", 2), TestRow.of("a", "0.50", 2)),
                        TypeInformation.of(TestRow.class))
                .sinkTo(new MergingUpsertSink<>(TestRow.TABLE, settings, List.of(TestRow.ddl(db.dialect()))));
        env.execute("merge");
        assertThat(TestDatabase.dump(url, "test_rows")).isEqualTo(
                "id=a|amount=3.00|version=3\nid=b|amount=4.00|version=2");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailureRetriesCannotFixFailsTheJobWithAClearMessage(TestDatabase db) {
        String url = db.newDatabase("broken"); // no table, and not asked to create it
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(2).batchIntervalMs(0).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(List.of(TestRow.of("a", "1.00", 1), TestRow.of("b", "2.00", 1)), TypeInformation.of(TestRow.class))
                .sinkTo(new MergingUpsertSink<>(TestRow.TABLE, settings, List.of()));
        assertThatThrownBy(() -> env.execute("broken"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        // both find the table missing when the writer opens: SQLite prepares the statement,
                        // PostgreSQL's unnest upsert reads the column types
                        .contains("JDBC sink for table test_rows at " + SqlDialect.redactUrl(url) + " cannot start: "
                                + (db == TestDatabase.POSTGRES
                                        ? "PSQLException: ERROR: relation \"test_rows\" does not exist"
                                        : "SQLiteException: [SQLITE_ERROR] SQL error or missing database (no such table:"
                                                + " test_rows)"))
                        .doesNotContain("reWriteBatchedInserts"));
    }

    /** Fails the job once, at the first row after a completed checkpoint taken once 300 rows had passed. */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<TestRow, TestRow>
            implements CheckpointedFunction, CheckpointListener {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private long seen;
        private long seenAtSnapshot;

        @Override
        public TestRow map(TestRow row) throws Exception {
            seen++;
            Thread.sleep(1); // a backlog that spans several checkpoints
            if (ARMED.get() && !FAILED.getAndSet(true)) {
                throw new IllegalStateException("the failure after a checkpoint that held rows");
            }
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            seenAtSnapshot = seen;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (seenAtSnapshot >= 300) {
                ARMED.set(true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsACatchingUpSinkHeldInTheCheckpointAreWrittenAfterARestoreFromIt(TestDatabase db) throws Exception {
        String url = db.newDatabase("held");
        // every row is an hour behind the clock (log time 1 ms after the epoch): held across barriers, 10 min max
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(500).batchIntervalMs(200)
                .catchUpLag(Duration.ofSeconds(5)).catchUpMaxHold(Duration.ofMinutes(10)).maxBufferedRows(1_000_000)
                .createMissingTables(true).build();
        FailOnceAfterACheckpoint.ARMED.set(false);
        FailOnceAfterACheckpoint.FAILED.set(false);
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.enableCheckpointing(200);
        int rows = 2_000;
        // one row per key: a row the checkpoint did not keep would be missing, not overwritten by a later version
        env.fromSequence(1, rows).map(n -> TestRow.of(String.format("k%05d", n), "1.00", 1)).returns(TestRow.class)
                .map(new FailOnceAfterACheckpoint())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<TestRow>noWatermarks().withTimestampAssigner((r, t) -> 1L))
                .sinkTo(new MergingUpsertSink<>(TestRow.TABLE, settings, List.of(TestRow.ddl(db.dialect()))));
        env.execute("held");
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        try (Connection c = TestDatabase.connect(url); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(version) FROM test_rows")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
                    .containsExactly(2_000L, 2_000L, "k00001", "k02000", 2_000L);
        }
    }
}
