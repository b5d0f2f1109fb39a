package io.eventline.outbox.relay;

import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The relay job's flags, with defaults from {@code --config FILE} (keys are the long option names without
 * dashes), as the order-projections job's. Credentials come from the environment or a file, never a flag.
 */
@Command(name = "outbox-relay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes the PostgreSQL outbox to Kafka in commit-safe order, exactly once, keyed by aggregateId "
                + "(Confluent Avro through the registry), and marks or deletes rows once their checkpoint completed.")
public final class RelayOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults for any option below.")
    public String configFile;

    @Option(names = "--job-name", defaultValue = "outbox-relay", description = "Flink job name. Default: ${DEFAULT-VALUE}.")
    public String jobName;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/eventline",
            description = "The outbox's PostgreSQL database. Default: ${DEFAULT-VALUE}.")
    public String jdbcUrl;

    @Option(names = "--jdbc-credentials-file", paramLabel = "FILE",
            description = "Properties file with user= and password=; otherwise EVENTLINE_JDBC_USER / EVENTLINE_JDBC_PASSWORD.")
    public String jdbcCredentialsFile;

    @Option(names = "--create-tables", defaultValue = "false", description = "Create the outbox tables if missing.")
    public boolean createTables;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
    public String bootstrapServers;

    @Option(names = "--topic", defaultValue = "orders", description = "Topic the events go to. Default: ${DEFAULT-VALUE}.")
    public String topic;

    @Option(names = "--registry-url", defaultValue = "http://localhost:8085/apis/ccompat/v7",
            description = "Confluent-compatible schema registry URL. Default: ${DEFAULT-VALUE}.")
    public String registryUrl;

    @Option(names = "--transactional-id-prefix", defaultValue = "eventline-outbox-relay",
            description = "Kafka transactional.id prefix; unique per relay writing to the cluster. Default: ${DEFAULT-VALUE}.")
    public String transactionalIdPrefix;

    @Option(names = "--transaction-timeout", defaultValue = "PT5M",
            description = "Kafka transaction.timeout.ms: above the checkpoint interval plus a restart, at most the broker's "
                    + "transaction.max.timeout.ms (15 min by default). Default: ${DEFAULT-VALUE}.")
    public Duration transactionTimeout;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Outbox rows per query. Default: ${DEFAULT-VALUE}.")
    public int batchSize;

    @Option(names = "--poll-interval", defaultValue = "PT0.1S", description = "Pause after an empty query. Default: ${DEFAULT-VALUE}.")
    public Duration pollInterval;

    @Option(names = "--on-published", defaultValue = "MARK",
            description = "MARK: set published_at, delete after --retain-published; DELETE: delete at once. Default: ${DEFAULT-VALUE}.")
    public PublishedPolicy onPublished;

    @Option(names = "--retain-published", defaultValue = "P1D", description = "How long marked rows are kept. Default: ${DEFAULT-VALUE}.")
    public Duration retainPublished;

    @Option(names = "--checkpoint-dir", defaultValue = "file:///tmp/eventline/checkpoints",
            description = "Checkpoint storage URI. Default: ${DEFAULT-VALUE}.")
    public String checkpointDir;

    @Option(names = "--checkpoint-interval", defaultValue = "PT1S",
            description = "Checkpoint interval: events become visible to read_committed consumers at each checkpoint. Default: ${DEFAULT-VALUE}.")
    public Duration checkpointInterval;
}
