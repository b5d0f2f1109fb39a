package io.eventline.jobs.cli;

import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ProjectionStatusRow;
import io.eventline.jobs.orders.projection.ReadModelReader;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventline query order|customer|status}: reads the read-model tables. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Read the order read models (order_summary, customer_orders, projection_status).",
        subcommands = {QueryCommand.Order.class, QueryCommand.Customer.class, QueryCommand.Status.class})
public final class QueryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: order, customer or status");
    }

    @Command(name = "order", mixinStandardHelpOptions = true,
            description = "One order_summary row. With --min-sequence, only once the row has applied that sequence"
                    + " number (read-your-writes); with --wait, poll until then.")
    static final class Order implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", paramLabel = "ORDER_ID")
        String orderId;

        @Option(names = "--min-sequence", paramLabel = "N",
                description = "Require last_sequence >= N (the sequence number your command produced).")
        Long minSequence;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Poll until the row is there (and at --min-sequence), at most this long: 500ms, 10s, 2m.")
        Duration wait;

        @Override
        public Integer call() throws Exception {
            if (minSequence != null && minSequence < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--min-sequence must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
            long pause = 50;
            try (Connection connection = db.connect()) {
                ReadModelReader reader = new ReadModelReader(connection, db.dialect());
                while (true) {
                    Optional<OrderSummaryRow> row = reader.order(orderId);
                    if (row.isPresent() && (minSequence == null || row.get().lastSequence >= minSequence)) {
                        Output.printRow(out, columns(row.get()), db.json);
                        return ExitCodes.FOUND;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        String what = row.isEmpty()
                                ? "order " + orderId + " not found"
                                : "order " + orderId + " is at sequence " + row.get().lastSequence + ", not yet at "
                                        + minSequence;
                        err.println(wait == null ? what : what + " after waiting " + wait.toMillis() + " ms");
                        return ExitCodes.NOT_FOUND;
                    }
                    Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                    pause = Math.min(pause * 2, 500);
                }
            }
        }
    }

    @Command(name = "customer", mixinStandardHelpOptions = true, description = "One customer_orders row.")
    static final class Customer implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", paramLabel = "CUSTOMER_ID")
        String customerId;

        @Override
        public Integer call() throws Exception {
            try (Connection connection = db.connect()) {
                Optional<CustomerOrdersRow> row = new ReadModelReader(connection, db.dialect()).customer(customerId);
                if (row.isEmpty()) {
                    spec.commandLine().getErr().println("customer " + customerId + " not found");
                    return ExitCodes.NOT_FOUND;
                }
                Output.printRow(spec.commandLine().getOut(), columns(row.get()), db.json);
                return ExitCodes.FOUND;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "projection_status: per projection, last event time applied, lag and events applied.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        static final List<String> COLUMNS =
                List.of("projection", "last_event_at", "updated_at", "lag_ms", "events_applied", "version");

        // The transactional outbox's lag (outbox module, deploy/sql/postgres/outbox.sql): rows not yet confirmed
        // published by the relay's checkpoints, and the age of the oldest. Plain SQL: no dependency on the relay.
        static final String OUTBOX_LAG = "SELECT count(*), COALESCE(CAST(EXTRACT(EPOCH FROM (clock_timestamp()"
                + " - min(created_at))) * 1000 AS BIGINT), 0) FROM outbox WHERE published_at IS NULL";

        @Option(names = "--outbox-jdbc-url", paramLabel = "URL",
                description = "Also print the transactional outbox's lag from this PostgreSQL database (same credentials).")
        String outboxJdbcUrl;

        @Override
        public Integer call() throws Exception {
            if (outboxJdbcUrl != null) {
                printOutboxLag(this);
            }
            try (Connection connection = db.connect()) {
                List<ProjectionStatusRow> rows = new ReadModelReader(connection, db.dialect()).status();
                if (rows.isEmpty()) {
                    spec.commandLine().getErr().println("no projection status yet");
                    return ExitCodes.NOT_FOUND;
                }
                List<Map<String, Object>> maps = new ArrayList<>();
                rows.forEach(r -> maps.add(columns(r)));
                Output.printRows(spec.commandLine().getOut(), maps, COLUMNS, db.json);
                return ExitCodes.FOUND;
            }
        }
    }

    static void printOutboxLag(Status status) throws Exception {
        io.eventline.common.sink.JdbcCredentials credentials =
                io.eventline.common.sink.JdbcCredentials.resolve(status.db.credentialsFile);
        java.util.Properties properties = new java.util.Properties();
        if (credentials.user() != null) {
            properties.setProperty("user", credentials.user());
        }
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        try (Connection c = java.sql.DriverManager.getConnection(status.outboxJdbcUrl, properties);
                java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(Status.OUTBOX_LAG)) {
            rs.next();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outbox_unpublished_rows", rs.getLong(1));
            m.put("outbox_oldest_unpublished_age_ms", rs.getLong(2));
            Output.printRow(status.spec.commandLine().getOut(), m, status.db.json);
        }
    }

    static Map<String, Object> columns(OrderSummaryRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order_id", r.orderId);
        m.put("customer_id", r.customerId);
        m.put("status", r.status);
        m.put("item_count", r.itemCount);
        m.put("total", r.total);
        m.put("currency", r.currency);
        m.put("placed_at", r.placedAt);
        m.put("updated_at", r.updatedAt);
        m.put("last_sequence", r.lastSequence);
        m.put("last_event_id", r.lastEventId);
        m.put("version", r.version);
        return m;
    }

    static Map<String, Object> columns(CustomerOrdersRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", r.customerId);
        m.put("orders_placed", r.ordersPlaced);
        m.put("orders_cancelled", r.ordersCancelled);
        m.put("lifetime_value", r.lifetimeValue);
        m.put("last_order_at", r.lastOrderAt);
        m.put("updated_at", r.updatedAt);
        m.put("version", r.version);
        return m;
    }

    static Map<String, Object> columns(ProjectionStatusRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("projection", r.projection);
        m.put("last_event_at", r.lastEventAt);
        m.put("updated_at", r.updatedAt);
        m.put("lag_ms", r.lagMs);
        m.put("events_applied", r.eventsApplied);
        m.put("version", r.version);
        return m;
    }
}
