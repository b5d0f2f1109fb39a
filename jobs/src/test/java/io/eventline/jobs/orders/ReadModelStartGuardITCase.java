package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.common.sink.ExistingRows;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.TestDatabase;
import io.eventline.jobs.orders.projection.ReadModelTables;
import java.sql.Connection;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A start without restored state over read-model rows is refused unless told how to treat them. */
class ReadModelStartGuardITCase {

    private static JobOptions options(String url, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--jdbc-url";
        args[1] = url;
        System.arraycopy(extra, 0, args, 2, extra.length);
        return JobCommandLine.parse(args);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesRowsWithoutStateUnlessAllowedOrRebuilt(TestDatabase db) throws Exception {
        String url = db.newDatabase("guard");
        JdbcSinkSettings settings = OrderProjectionsJob.readModelSettings(options(url));
        Configuration noState = new Configuration();

        // no tables yet, then empty tables: a first start
        ReadModelStartGuard.check(noState, options(url), settings);
        try (Connection c = TestDatabase.connect(url)) {
            SqlScripts.execute(c, ReadModelTables.ddl(db.dialect()).get(0));
        }
        ReadModelStartGuard.check(noState, options(url), settings);

        TestDatabase.execute(url, "INSERT INTO projection_status VALUES ('order_summary', '2025-01-01T00:00:00.000Z',"
                + " '2025-01-01T00:00:00.000Z', 0, 1, 1)");
        assertThatThrownBy(() -> ReadModelStartGuard.check(noState, options(url), settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing to start without restored state: projection_status at " + SqlDialect.redactUrl(
                        settings.url()) + " already hold rows; restore a savepoint or checkpoint (flink run -s PATH),"
                        + " or pass --rebuild-read-models (empty and rebuild them) or --allow-existing-rows (keep them)");

        Configuration restored = new Configuration();
        restored.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///tmp/savepoint-1");
        ReadModelStartGuard.check(restored, options(url), settings);
        ReadModelStartGuard.check(noState, options(url, "--allow-existing-rows"), settings);
        assertThat(ExistingRows.nonEmpty(settings, ReadModelStartGuard.TABLES)).containsExactly("projection_status");

        ReadModelStartGuard.check(noState, options(url, "--rebuild-read-models"), settings);
        assertThat(ExistingRows.nonEmpty(settings, ReadModelStartGuard.TABLES)).isEmpty();
        ReadModelStartGuard.check(noState, options(url), settings);
    }
}
