package io.eventline.brokers.source;

import java.io.Serializable;

/** The serializable description of where to consume: opens one {@link BrokerConsumer} per split on a TaskManager. */
public interface BrokerConnector extends Serializable {

    /** A short name of the broker ({@code rabbitmq}, {@code redis}, {@code nats}), used in source names and headers. */
    String broker();

    /** The queues, streams or files to consume, each by one reader. */
    java.util.List<String> splitNames();

    default java.util.List<BrokerSplit> splits() {
        return splitNames().stream().map(BrokerSplit::new).toList();
    }

    /**
     * Opens a consumer of {@code split}.
     *
     * @param consumerName stable across restarts of the same subtask (Redis consumer names, client names)
     */
    BrokerConsumer open(BrokerSplit split, String consumerName) throws Exception;

    /** Whether the splits end (a file); broker splits never do. */
    default boolean bounded() {
        return false;
    }
}
