package io.eventline.outbox.command;

import io.eventline.contracts.JdbcCredentials;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.outbox.OutboxDatabase;
import io.eventline.outbox.relay.OutboxLag;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code order-service init|place|pay|ship|cancel|status}: the order service's commands from a shell, each one
 * transaction (orders row + outbox row), and the outbox lag. Exit codes: 0 done, 2 bad usage, 3 rejected.
 */
@Command(name = "order-service", mixinStandardHelpOptions = true,
        description = "Order commands written with their events in one PostgreSQL transaction (transactional outbox).",
        subcommands = {OrderServiceCli.Init.class, OrderServiceCli.Place.class, OrderServiceCli.Pay.class,
                OrderServiceCli.Ship.class, OrderServiceCli.Cancel.class, OrderServiceCli.Status.class})
public final class OrderServiceCli {

    static final int REJECTED = 3;

    /** The database flags every subcommand takes. */
    static final class Db {
        @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/eventline",
                description = "PostgreSQL database of orders and outbox. Default: ${DEFAULT-VALUE}.")
        String jdbcUrl;

        @Option(names = "--jdbc-credentials-file", paramLabel = "FILE",
                description = "user= and password=; otherwise EVENTLINE_JDBC_USER / EVENTLINE_JDBC_PASSWORD.")
        Path credentials;

        OutboxDatabase database() {
            return new OutboxDatabase(jdbcUrl, JdbcCredentials.resolve(credentials));
        }
    }

    /** Runs a command and prints its event; a rejected command prints why and exits 3. */
    abstract static class EventCommand implements Callable<Integer> {
        @Mixin Db db;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        abstract EventEnvelope run(OrderService service) throws Exception;

        @Override
        public Integer call() throws Exception {
            try {
                EventEnvelope e = run(new OrderService(db.database()));
                spec.commandLine().getOut().printf("%s %s seq=%d eventId=%s%n", e.getEventType(), e.getAggregateId(),
                        e.getSequenceNumber(), e.getEventId());
                return 0;
            } catch (OrderRejectedException e) {
                spec.commandLine().getErr().println("rejected: " + e.getMessage());
                return REJECTED;
            }
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create the orders and outbox tables if missing.")
    static final class Init implements Callable<Integer> {
        @Mixin Db db;

        @Override
        public Integer call() throws Exception {
            db.database().createTables();
            return 0;
        }
    }

    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place an order: ORDER_ID CUSTOMER_ID SKU:QTY:PRICE...")
    static final class Place extends EventCommand {
        @Parameters(index = "0") String orderId;
        @Parameters(index = "1") String customerId;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "SKU:QTY:PRICE") List<String> items;
        @Option(names = "--currency", defaultValue = "USD") String currency;

        @Override
        EventEnvelope run(OrderService service) throws Exception {
            List<LineItem> lines = new ArrayList<>();
            for (String item : items) {
                String[] p = item.split(":");
                if (p.length != 3) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "item must be SKU:QTY:PRICE: " + item);
                }
                lines.add(new LineItem(p[0], Integer.parseInt(p[1]), new BigDecimal(p[2])));
            }
            return service.placeOrder(orderId, customerId, lines, currency);
        }
    }

    @Command(name = "pay", mixinStandardHelpOptions = true, description = "Authorize payment: ORDER_ID PAYMENT_ID AMOUNT")
    static final class Pay extends EventCommand {
        @Parameters(index = "0") String orderId;
        @Parameters(index = "1") String paymentId;
        @Parameters(index = "2") BigDecimal amount;

        @Override
        EventEnvelope run(OrderService service) throws Exception {
            return service.authorizePayment(orderId, paymentId, amount);
        }
    }

    @Command(name = "ship", mixinStandardHelpOptions = true, description = "Ship: ORDER_ID CARRIER TRACKING_NUMBER")
    static final class Ship extends EventCommand {
        @Parameters(index = "0") String orderId;
        @Parameters(index = "1") String carrier;
        @Parameters(index = "2") String trackingNumber;

        @Override
        EventEnvelope run(OrderService service) throws Exception {
            return service.ship(orderId, carrier, trackingNumber);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel: ORDER_ID [REASON]")
    static final class Cancel extends EventCommand {
        @Parameters(index = "0") String orderId;
        @Parameters(index = "1", defaultValue = "customer request") String reason;

        @Override
        EventEnvelope run(OrderService service) throws Exception {
            return service.cancel(orderId, reason);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Outbox lag: rows not yet confirmed published and the age of the oldest.")
    static final class Status implements Callable<Integer> {
        @Mixin Db db;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Connection c = db.database().connect()) {
                OutboxLag lag = OutboxLag.query(c);
                spec.commandLine().getOut().printf("outbox unpublished_rows=%d oldest_unpublished_age_ms=%d%n",
                        lag.unpublishedRows(), lag.oldestUnpublishedAgeMs());
            }
            return 0;
        }
    }

    public static int run(String... args) {
        return new CommandLine(new OrderServiceCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
