package io.eventline.saga.participant;

import io.eventline.contracts.SagaTopics;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one participant service until SIGTERM / Ctrl-C: {@code inventory}, {@code payment} or {@code shipping}. */
@Command(name = "saga-participant", mixinStandardHelpOptions = true,
        description = "A participant of the order-fulfilment saga: consumes its command topic, replies on saga-replies.")
public final class ParticipantMain implements Callable<Integer> {

    @Parameters(index = "0", description = "inventory, payment or shipping")
    String participant;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    @Option(names = "--jdbc-url", required = true, description = "PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5433/eventline?user=postgres")
    String jdbcUrl;

    @Option(names = "--create-tables", description = "create the participants' tables if missing")
    boolean createTables;

    @Option(names = "--slow-ms", defaultValue = "0", description = "sleep before each command")
    long slowMs;

    @Option(names = "--fail-probability", defaultValue = "0", description = "refuse a command (its failure reply)")
    double failProbability;

    @Option(names = "--duplicate-probability", defaultValue = "0", description = "send a reply twice")
    double duplicateProbability;

    @Option(names = "--drop-probability", defaultValue = "0", description = "apply a command but send no reply")
    double dropProbability;

    @Option(names = "--crash-probability", defaultValue = "0", description = "exit after applying a command, before replying")
    double crashProbability;

    @Option(names = "--instance-id", description = "static group membership: a restart with the same id resumes at once"
            + " instead of after the session timeout; one id per running instance")
    String instanceId;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the fault switches")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ParticipantMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CommandHandler handler = switch (participant) {
            case "inventory" -> new InventoryHandler();
            case "payment" -> new PaymentHandler();
            case "shipping" -> new ShippingHandler();
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown participant " + participant);
        };
        String topic = switch (participant) {
            case "inventory" -> SagaTopics.INVENTORY_COMMANDS;
            case "payment" -> SagaTopics.PAYMENT_COMMANDS;
            default -> SagaTopics.SHIPPING_COMMANDS;
        };
        if (createTables) {
            ParticipantTables.create(jdbcUrl);
        }
        FaultSwitches faults = new FaultSwitches(slowMs, failProbability, duplicateProbability, dropProbability,
                crashProbability, seed);
        ParticipantService service = new ParticipantService(handler, bootstrapServers, topic, SagaTopics.REPLIES, jdbcUrl, faults)
                .instanceId(instanceId);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println(participant + " service: " + topic + " -> " + SagaTopics.REPLIES + " (" + faults + ")");
        service.start().join(); // returns when stopped, or after an (injected) crash
        return service.crashed() ? 1 : 0;
    }
}
