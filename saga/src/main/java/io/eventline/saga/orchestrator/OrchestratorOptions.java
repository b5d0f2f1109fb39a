package io.eventline.saga.orchestrator;

import io.eventline.saga.FulfilmentSaga;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The orchestrator job's options (`--help` prints them). */
@Command(name = "fulfilment-orchestrator", mixinStandardHelpOptions = true,
        description = "Runs the order-fulfilment saga: OrderPlaced -> inventory -> payment -> shipping, compensating in reverse.")
public final class OrchestratorOptions {

    @Option(names = "--job-name", defaultValue = "order-fulfilment-saga", description = "Flink job name (default: ${DEFAULT-VALUE})")
    String jobName;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--orders-topic", defaultValue = "orders", description = "OrderPlaced in, OrderCancelled out (default: ${DEFAULT-VALUE})")
    String ordersTopic;

    @Option(names = "--group-id", defaultValue = "eventline-order-fulfilment-saga", description = "consumer group (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--registry-url", defaultValue = "http://localhost:8085/apis/ccompat/v7",
            description = "registry of the orders topic's Avro events (default: ${DEFAULT-VALUE})")
    String registryUrl;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:sqlite:eventline.db", description = "where saga_instance is written (default: ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--create-tables", description = "create saga_instance if missing")
    boolean createTables;

    @Option(names = "--step-timeout", defaultValue = "PT30S", description = "how long a step waits for its reply (default: ${DEFAULT-VALUE})")
    Duration stepTimeout;

    @Option(names = "--attempts", defaultValue = "4", description = "sends of a step's command before it is given up (default: ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--initial-backoff", defaultValue = "PT1S",
            description = "wait before the first retry; doubles each retry, up to 16x, ±20% jitter (default: ${DEFAULT-VALUE})")
    Duration initialBackoff;

    @Option(names = "--compensation-attempts", defaultValue = "20",
            description = "sends of a compensation before the saga is STUCK (alerted; still retried at the capped backoff) (default: ${DEFAULT-VALUE})")
    int compensationAttempts;

    @Option(names = "--finished-retention", defaultValue = "PT24H",
            description = "how long a finished saga's marker stays to recognise late replies (default: ${DEFAULT-VALUE})")
    Duration finishedRetention;

    @Option(names = "--checkpoint-dir", description = "checkpoint storage; the cluster's when not given")
    String checkpointDir;

    @Option(names = "--checkpoint-interval", description = "commands are visible to participants after each checkpoint; the cluster's when not given")
    Duration checkpointInterval;

    @Option(names = "--transaction-timeout", defaultValue = "PT15M",
            description = "Kafka transaction timeout of the exactly-once sinks; after a crash, participants wait up to this long"
                    + " for the crashed transaction (default: ${DEFAULT-VALUE})")
    Duration transactionTimeout;

    @Option(names = "--parallelism", defaultValue = "1")
    int parallelism;

    /** Parses the job's arguments (picocli); usage errors throw {@link CommandLine.ParameterException}. */
    public static OrchestratorOptions parse(String... args) {
        return CommandLine.populateCommand(new OrchestratorOptions(), args);
    }

    FulfilmentSaga.Timing timing() {
        return new FulfilmentSaga.Timing(stepTimeout, attempts, initialBackoff, compensationAttempts, finishedRetention);
    }
}
