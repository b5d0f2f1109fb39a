package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.cli.query.ReadModelFixture;
import io.eventline.common.sink.TestDatabase;
import io.eventline.contracts.DeadLetterTopics;
import io.eventline.jobs.orders.projection.CustomerOrdersProjectionTest;
import io.eventline.jobs.orders.projection.OrderReadModelsTestRows;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code $E ...} command of the README's dead-letter runbook, as written, against a real broker (an empty
 * DLQ) and an SQLite file with the rows it names: none may be a usage error (2) or an error (3). The runbook's
 * environment ({@code EVENTLINE_BOOTSTRAP_SERVERS} etc.) is given as the options it stands for.
 */
class RunbookCommandsITCase {

    static final String TOPIC = "runbook-" + System.nanoTime();

    @Test
    void everyRunbookCommandRuns() throws Exception {
        List<List<String>> commands = runbookCommands();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(17);

        EmbeddedKafka kafka = EmbeddedKafka.shared();
        kafka.createTopics(1, TOPIC, DeadLetterTopics.dlqTopicFor(TOPIC), DeadLetterTopics.controlTopicFor(TOPIC));
        String jdbcUrl = ReadModelFixture.database(TestDatabase.SQLITE);
        OrderSummaryRow ord42 = OrderReadModelsTestRows.ord1();
        ord42.orderId = "ord-42";
        ReadModelFixture.write(jdbcUrl, TestDatabase.SQLITE.dialect(), ReadModelTables.ORDER_SUMMARY, ord42);
        ReadModelFixture.write(jdbcUrl, TestDatabase.SQLITE.dialect(), ReadModelTables.CUSTOMER_ORDERS,
                CustomerOrdersProjectionTest.customer("cust-7", 1, 0, "99.98", 10, 11, 1));

        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            if (args.get(0).equals("dlq")) {
                // The registry is never asked: the DLQ is empty.
                args.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC,
                        "--registry-url", "http://127.0.0.1:9/unused"));
            } else {
                args.addAll(List.of("--jdbc-url", jdbcUrl));
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = EventlineCli.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
            assertThat(code).as("$E %s: %s", String.join(" ", command), err).isIn(ExitCodes.FOUND, ExitCodes.NOT_FOUND);
        }
    }

    /** The {@code $E} lines of the section "Runbook: dead letters", without their comments. */
    static List<List<String>> runbookCommands() throws Exception {
        List<String> lines = Files.readAllLines(ShippedCli.root().resolve("README.md"));
        int start = lines.indexOf("## Runbook: dead letters");
        assertThat(start).as("README has the runbook").isNotNegative();
        List<List<String>> commands = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("$E ")) {
                String command = line.substring(3).replaceAll("\\s+#.*$", "").trim();
                commands.add(List.of(command.split("\\s+")));
            }
        }
        return commands;
    }
}
