package io.eventline.notification;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The notification job's arguments. */
@Command(name = "notification-job", mixinStandardHelpOptions = true,
        description = "Enriches thin order notifications through the order API (Flink async I/O).")
public final class NotificationJobOptions {

    @Option(names = "--job-name", defaultValue = "order-notifications")
    public String jobName;

    @Option(names = "--bootstrap-servers", required = true)
    public String bootstrapServers;

    @Option(names = "--topic", required = true, description = "Thin notifications (JSON); dead letters go to <topic>.dlq.")
    public String topic;

    @Option(names = "--output-topic", required = true, description = "Enriched notifications (JSON, keyed by order id).")
    public String outputTopic;

    @Option(names = "--group-id", defaultValue = "order-notifications")
    public String groupId;

    @Option(names = "--details-url", required = true, description = "The order API; the job calls GET <url>/orders/<id>.")
    public String detailsUrl;

    @Option(names = "--registry-url", description = "Registry for the DLQ's Avro schema id; without it dead letters are"
            + " Avro single-object encoded.")
    public String registryUrl;

    @Option(names = "--call-timeout", defaultValue = "PT2S")
    public Duration callTimeout;

    @Option(names = "--max-attempts", defaultValue = "30")
    public int maxAttempts;

    @Option(names = "--initial-backoff", defaultValue = "PT0.1S")
    public Duration initialBackoff;

    @Option(names = "--max-backoff", defaultValue = "PT5S")
    public Duration maxBackoff;

    @Option(names = "--operator-timeout", defaultValue = "PT2M")
    public Duration operatorTimeout;

    @Option(names = "--capacity", defaultValue = "100")
    public int capacity;

    @Option(names = "--max-concurrent-calls", defaultValue = "16")
    public int maxConcurrentCalls;

    @Option(names = "--breaker-window", defaultValue = "20")
    public int breakerWindow;

    @Option(names = "--breaker-failure-rate", defaultValue = "50")
    public float breakerFailureRate;

    @Option(names = "--breaker-open-wait", defaultValue = "PT5S")
    public Duration breakerOpenWait;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S")
    public Duration checkpointInterval;

    @Option(names = "--starting-offsets", defaultValue = "committed",
            description = "committed (earliest when none), earliest or latest.")
    public String startingOffsets;

    @Option(names = "--retry-delays", defaultValue = "PT10S,PT1M,PT10M", split = ",",
            description = "Retry topics <topic>.retry-<delay>, in order, before the DLQ: a notification whose lookups"
                    + " still fail after --max-attempts waits there this long, then is looked up again. 'none': no"
                    + " retry topics (the DLQ right after the in-operator retries).")
    public java.util.List<String> retryDelays;

    @Option(names = "--parallelism", defaultValue = "1")
    public int parallelism;

    /** The retry topics' delays; none for {@code --retry-delays none}. */
    public java.util.List<Duration> retryDelays() {
        if (retryDelays.size() == 1 && retryDelays.get(0).equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        return retryDelays.stream().map(d -> Duration.parse(d.trim())).toList();
    }

    public EnrichmentSettings enrichment() {
        return new EnrichmentSettings(detailsUrl, callTimeout, maxAttempts, initialBackoff, maxBackoff, 2.0,
                operatorTimeout, capacity, maxConcurrentCalls, breakerWindow, breakerFailureRate, breakerOpenWait);
    }
}
