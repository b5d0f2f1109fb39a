package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.sink.SqlScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventline.sh query saga ID} and {@code query sagas --state S [--overdue]} run as a process on an SQLite
 * saga_instance table made with the shipped DDL (deploy/sql/sqlite/saga_instance.sql), rows as the saga
 * module's sink writes them.
 */
class SagaQueryScriptITCase {

    @TempDir
    Path dir;

    private String database() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sagas.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            SqlScripts.execute(c, Files.readString(ShippedCli.root().resolve("deploy/sql/sqlite/saga_instance.sql")));
            s.executeUpdate("INSERT INTO saga_instance VALUES"
                    + " ('ord-1', 'order-fulfilment', 'COMPLETED', NULL, 0, NULL, 0, 0, NULL,"
                    + "  '2025-06-28T10:00:00Z', '2025-06-28T10:00:02Z', 4),"
                    + " ('ord-2', 'order-fulfilment', 'COMPENSATING', 'inventory', 3, '2025-06-28T10:01:00Z', 1, 2,"
                    + "  'shipping: ShipmentFailed (no carrier takes X-1)', '2025-06-28T10:00:00Z', '2025-06-28T10:00:30Z', 6),"
                    + " ('ord-3', 'order-fulfilment', 'COMPENSATING', 'payment', 1, '2999-01-01T00:00:00Z', 0, 2,"
                    + "  'shipping timed out after 3 attempts', '2025-06-28T10:00:00Z', '2025-06-28T10:00:40Z', 7)");
        }
        return url;
    }

    @Test
    void oneSagaAndSagasByStateAndPastTheirDeadline() throws Exception {
        String url = database();
        assertThat(ShippedCli.run("query", "saga", "ord-2", "--jdbc-url", url)).isEqualTo(new ShippedCli.Result(0, String.join("\n",
                "saga_id        ord-2",
                "saga_type      order-fulfilment",
                "state          COMPENSATING",
                "current_step   inventory",
                "attempts       3",
                "deadline       2025-06-28T10:01:00Z",
                "compensated    1",
                "to_compensate  2",
                "last_error     shipping: ShipmentFailed (no carrier takes X-1)",
                "started_at     2025-06-28T10:00:00Z",
                "updated_at     2025-06-28T10:00:30Z",
                "version        6", ""), ""));
        assertThat(ShippedCli.run("query", "saga", "ord-404", "--jdbc-url", url))
                .isEqualTo(new ShippedCli.Result(1, "", "saga ord-404 not found\n"));

        ShippedCli.Result compensating = ShippedCli.run("query", "sagas", "--state", "COMPENSATING", "--jdbc-url", url);
        assertThat(compensating.exitCode()).isZero();
        assertThat(compensating.out().lines().skip(2).map(l -> l.split("\\s+")[0]).toList()).containsExactly("ord-2", "ord-3");

        ShippedCli.Result overdue = ShippedCli.run("query", "sagas", "--state", "COMPENSATING", "--overdue", "--json",
                "--jdbc-url", url);
        assertThat(overdue.exitCode()).isZero();
        assertThat(overdue.out()).contains("\"saga_id\" : \"ord-2\"").doesNotContain("ord-3", "ord-1");

    }
}
