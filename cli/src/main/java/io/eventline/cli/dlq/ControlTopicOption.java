package io.eventline.cli.dlq;

import io.eventline.contracts.DeadLetterTopics;
import picocli.CommandLine.Option;

/** {@code --control-topic} of {@code dlq parked} and {@code dlq unpark}. */
public final class ControlTopicOption {

    @Option(names = "--control-topic", paramLabel = "TOPIC", description = "The job's --control-topic. Default: <topic>.control.")
    String controlTopic;

    ControlTopic of(DlqOptions dlq) {
        return new ControlTopic(dlq.bootstrapServers,
                controlTopic == null ? DeadLetterTopics.controlTopicFor(dlq.topic) : controlTopic);
    }
}
