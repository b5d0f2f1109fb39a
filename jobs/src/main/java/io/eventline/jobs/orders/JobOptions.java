package io.eventline.jobs.orders;

import io.eventline.common.ordering.GapPolicy;
import io.eventline.common.ordering.OrderingClock;
import io.eventline.common.ordering.PoisonPolicy;
import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The order-projections job's configuration: command-line flags, with defaults from a properties file
 * ({@code --config FILE}: keys are the long option names without dashes, e.g. {@code bootstrap-servers=...}).
 * Credentials never appear here: the JDBC user and password come from the environment or a file.
 */
@Command(name = "order-projections", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads order events from Kafka, deduplicates and reorders them per aggregate, and keeps the "
                + "order_summary, customer_orders and projection_status tables up to date. Failures go to <topic>.dlq.")
public final class JobOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with defaults for any option below (key = long option name without dashes).")
    public String configFile;

    @Option(names = "--job-name", defaultValue = "order-projections", description = "Flink job name; also written into dead letters. Default: ${DEFAULT-VALUE}.")
    public String jobName;

    /** --source and the other brokers' options (issue 18). */
    @Mixin
    public SourceOptions source = new SourceOptions();

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
    public String bootstrapServers;

    @Option(names = "--topic", defaultValue = "orders", description = "Source topic; dead letters go to <topic>.dlq. Default: ${DEFAULT-VALUE}.")
    public String topic;

    @Option(names = "--group-id", defaultValue = "eventline-order-projections", description = "Kafka consumer group. Default: ${DEFAULT-VALUE}.")
    public String groupId;

    @Option(names = "--starting-offsets", defaultValue = "committed",
            description = "Where to start without a checkpoint: committed (falls back to earliest), earliest, latest, or an epoch-millis timestamp. Default: ${DEFAULT-VALUE}.")
    public String startingOffsets;

    @Option(names = "--registry-url", defaultValue = "http://localhost:8085/apis/ccompat/v7",
            description = "Confluent-compatible schema registry URL, for Avro records (JSON records need none; the format is "
                    + "recognised per record). Default: ${DEFAULT-VALUE}.")
    public String registryUrl;

    @Option(names = "--registry-outage-wait", defaultValue = "PT5M",
            description = "How long decoding waits out a registry outage (records of schemas not yet cached stall) before "
                    + "they are dead-lettered as registry-unavailable; 0 gives up after a few retries. Keep it below the "
                    + "checkpoint timeout. Default: ${DEFAULT-VALUE}.")
    public Duration registryOutageWait;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:sqlite:eventline.db",
            description = "Read-model database: jdbc:postgresql://... or jdbc:sqlite:FILE. Default: ${DEFAULT-VALUE}.")
    public String jdbcUrl;

    @Option(names = "--jdbc-credentials-file", paramLabel = "FILE",
            description = "Properties file with user= and password=; otherwise EVENTLINE_JDBC_USER / EVENTLINE_JDBC_PASSWORD.")
    public String jdbcCredentialsFile;

    @Option(names = "--create-tables", defaultValue = "false", description = "Create missing read-model tables on start.")
    public boolean createTables;

    @Option(names = "--sink-batch-size", defaultValue = "500", description = "Rows per JDBC batch. Default: ${DEFAULT-VALUE}.")
    public int sinkBatchSize;

    @Option(names = "--sink-flush-interval", defaultValue = "PT0.2S", description = "Longest a live row waits for its batch (ISO-8601). Default: ${DEFAULT-VALUE}.")
    public Duration sinkFlushInterval;

    @Option(names = "--sink-catch-up-lag", defaultValue = "PT5S",
            description = "Rows whose log time is this far behind the clock (a backlog being caught up) are merged per key until the checkpoint barrier; PT0S: never. Default: ${DEFAULT-VALUE}.")
    public Duration sinkCatchUpLag;

    @Option(names = "--sink-catch-up-max-hold", defaultValue = "PT30S",
            description = "Longest a catching-up sink holds its merged rows, across checkpoints (they are in its checkpointed state). Default: ${DEFAULT-VALUE}.")
    public Duration sinkCatchUpMaxHold;

    @Option(names = "--sink-merge-max-rows", defaultValue = "50000",
            description = "Most distinct keys a sink holds while catching up before it writes. Default: ${DEFAULT-VALUE}.")
    public int sinkMergeMaxRows;

    /** Null unless given: then the cluster's execution.checkpointing.dir applies (locally /tmp/eventline/checkpoints). */
    @Option(names = "--checkpoint-dir",
            description = "Checkpoint storage URI (file://, s3://). Default: the cluster's execution.checkpointing.dir; locally file:///tmp/eventline/checkpoints.")
    public String checkpointDir;

    /** Null unless given: then the cluster's execution.checkpointing.interval applies (locally 10 s). */
    @Option(names = "--checkpoint-interval",
            description = "Checkpoint interval (ISO-8601). Default: the cluster's execution.checkpointing.interval; locally 10 s.")
    public Duration checkpointInterval;

    @Option(names = "--parallelism", defaultValue = "1", description = "Job parallelism. Default: ${DEFAULT-VALUE}.")
    public int parallelism;

    @Option(names = "--gap-timeout", defaultValue = "PT30S",
            description = "How long a sequence gap may stay open before the gap policy applies (ISO-8601). Default: ${DEFAULT-VALUE}.")
    public Duration gapTimeout;

    @Option(names = "--gap-policy", defaultValue = "SKIP",
            description = "SKIP: release what waits and dead-letter a gap record; PARK: stop the aggregate until unparked. Default: ${DEFAULT-VALUE}.")
    public GapPolicy gapPolicy;

    @Option(names = "--poison-policy", defaultValue = "HOLD",
            description = "HOLD: an event that failed (decode, validation, projection) holds its aggregate until it is replayed; SKIP: give its number up and apply what follows. Default: ${DEFAULT-VALUE}.")
    public PoisonPolicy poisonPolicy;

    @Option(names = "--ordering-clock", defaultValue = "LOG",
            description = "LOG: gap timeouts on Kafka record time (watermarks); PROCESSING: on the wall clock (before v2). Default: ${DEFAULT-VALUE}.")
    public OrderingClock orderingClock;

    @Option(names = "--source-idle-timeout", defaultValue = "PT10S",
            description = "Time without any record, while the reader has no consumer lag, after which a source partition counts as caught up and its event time follows the wall clock, so gaps still time out on an idle topic (ISO-8601). Default: ${DEFAULT-VALUE}.")
    public Duration sourceIdleTimeout;

    @Option(names = "--stall-after", defaultValue = "PT60S",
            description = "A Kafka source subtask whose reader reports lag but has emitted no record for this long counts as stalled: gauge sourceStalled=1 and counter sourceStalls (ISO-8601). Default: ${DEFAULT-VALUE}.")
    public Duration stallAfter;

    @Option(names = "--max-buffered", defaultValue = "1000", description = "Events buffered per aggregate before overflow goes to the DLQ. Default: ${DEFAULT-VALUE}.")
    public int maxBuffered;

    @Option(names = "--dedupe-ttl", defaultValue = "PT24H", description = "How long applied eventIds are remembered (ISO-8601). Default: ${DEFAULT-VALUE}.")
    public Duration dedupeTtl;

    @Option(names = "--control-topic", description = "Optional topic of control commands (e.g. unpark an aggregate).")
    public String controlTopic;

    // ---- technical events (issue 17.5) ----

    /** Stands for {@code <topic>.audit} when --audit-topic is given without a name. */
    static final String DEFAULT_AUDIT_TOPIC = "<topic>.audit";

    @Option(names = "--audit-topic", arity = "0..1", fallbackValue = DEFAULT_AUDIT_TOPIC, paramLabel = "TOPIC",
            description = "Write one technical EventApplied record per applied event to TOPIC (without a name: "
                    + DEFAULT_AUDIT_TOPIC + "), exactly once (Kafka transactions; read it with read_committed). Off by default.")
    public String auditTopic;

    @Option(names = "--audit-table", description = "Also write the audit records to the event_audit table of the --jdbc-url database.")
    public boolean auditTable;

    /** The audit topic, or {@code null} when there is no audit topic. */
    public String auditTopic() {
        return auditTopic == null ? null : auditTopic.replace("<topic>", topic);
    }

    /** Stands for {@code <topic>.technical} when --technical-topic is given without a name, or --heartbeats alone. */
    static final String DEFAULT_TECHNICAL_TOPIC = "<topic>.technical";

    @Option(names = "--heartbeats",
            description = "Per-partition heartbeats and SourceStalled/SourceResumed technical events of the input topic, to "
                    + "--technical-topic (default " + DEFAULT_TECHNICAL_TOPIC + "). Kafka source only. Off by default.")
    public boolean heartbeats;

    @Option(names = "--technical-topic", arity = "0..1", fallbackValue = DEFAULT_TECHNICAL_TOPIC, paramLabel = "TOPIC",
            description = "Topic of the technical events (heartbeats, stalls); giving it turns --heartbeats on. Default: "
                    + DEFAULT_TECHNICAL_TOPIC + ".")
    public String technicalTopic;

    @Option(names = "--heartbeat-interval", defaultValue = "PT10S",
            description = "How often the heartbeats read each partition's end offset and the group's committed offset "
                    + "(ISO-8601). A partition with lag and no committed progress for --stall-after is STALLED. Default: ${DEFAULT-VALUE}.")
    public Duration heartbeatInterval;

    /** The technical-events topic, or {@code null} when heartbeats are off. */
    public String technicalTopic() {
        String name = technicalTopic != null ? technicalTopic : heartbeats ? DEFAULT_TECHNICAL_TOPIC : null;
        return name == null ? null : name.replace("<topic>", topic);
    }

    // ---- sink and dead-letter path (issue 11) and the start guard (issue 10) ----

    @Option(names = "--sink-retry-timeout", defaultValue = "PT2M",
            description = "How long a failing JDBC batch is retried (exponential backoff, reconnecting) before the job fails; keep it below the checkpoint timeout. Default: ${DEFAULT-VALUE}.")
    public Duration sinkRetryTimeout;

    @Option(names = "--dlq-max-value-bytes", defaultValue = "262144",
            description = "Largest original value kept in a dead letter; a larger one is omitted (size, SHA-256 and source coordinates kept). Default: ${DEFAULT-VALUE}.")
    public int dlqMaxValueBytes;

    @Option(names = "--dlq-max-record-bytes", defaultValue = "1048576",
            description = "The DLQ producer's max.request.size; lowered to the DLQ topic's max.message.bytes when that is smaller. Default: ${DEFAULT-VALUE}.")
    public int dlqMaxRecordBytes;

    @Option(names = "--allow-existing-rows",
            description = "Start without restored state although the read-model tables already hold rows (rows are kept; the version guard only lets higher versions through).")
    public boolean allowExistingRows;

    @Option(names = "--rebuild-read-models",
            description = "Start without restored state by emptying the read-model tables first, so that they are rebuilt from the source topic.")
    public boolean rebuildReadModels;
}
