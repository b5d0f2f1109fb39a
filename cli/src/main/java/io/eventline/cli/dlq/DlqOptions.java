package io.eventline.cli.dlq;

import io.eventline.cli.codec.RegistryClient;
import io.eventline.cli.codec.WireFormat;
import io.eventline.contracts.DeadLetterTopics;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where the DLQ is: the options of every {@code dlq} subcommand. */
public final class DlqOptions {

    @Option(names = "--bootstrap-servers", defaultValue = "${env:EVENTLINE_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers. Default: $EVENTLINE_BOOTSTRAP_SERVERS or localhost:9092.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "orders",
            description = "The job's source topic; the DLQ is <topic>.dlq. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--registry-url", defaultValue = "${env:EVENTLINE_REGISTRY_URL:-http://localhost:8085/apis/ccompat/v7}",
            description = "Confluent-compatible schema registry. Default: $EVENTLINE_REGISTRY_URL or http://localhost:8085/apis/ccompat/v7.")
    String registryUrl;

    private WireFormat wireFormat;

    String dlqTopic() {
        return DeadLetterTopics.dlqTopicFor(topic);
    }

    /** One per run, so that each schema is fetched once. */
    WireFormat wireFormat() {
        if (wireFormat == null) {
            wireFormat = new WireFormat(new RegistryClient(registryUrl));
        }
        return wireFormat;
    }

    /** Every dead letter, in DLQ order. */
    List<DlqRecord> deadLetters() {
        return DlqReader.deadLetters(bootstrapServers, dlqTopic(), wireFormat());
    }

    /** Positions already replayed. */
    Set<String> replayed() {
        return ReplayLog.replayed(bootstrapServers, dlqTopic());
    }
}
