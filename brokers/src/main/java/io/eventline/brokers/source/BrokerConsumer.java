package io.eventline.brokers.source;

import java.time.Duration;
import java.util.List;

/**
 * A consumer of one split on a broker's official client. {@link #poll} runs on the reader's fetcher thread;
 * {@link #acknowledge} runs on the task thread when a checkpoint completes, so implementations make it safe to
 * call concurrently with {@code poll}. Acknowledging after a reconnect what an older session delivered must be
 * harmless: the broker redelivers those messages anyway (and the ordering operator drops the duplicates).
 */
public interface BrokerConsumer extends AutoCloseable {

    /**
     * Waits at most {@code maxWait} for messages. Connection problems are handled inside (reconnect, retry) and
     * return an empty list; only interruption or a configuration error throws.
     *
     * @return the messages delivered, in delivery order; {@code null} when a bounded split has no more
     */
    List<BrokerMessage> poll(Duration maxWait) throws Exception;

    /** Acknowledges messages this consumer delivered, all emitted before a checkpoint that has completed. */
    void acknowledge(List<BrokerMessage> messages);

    /** Interrupts a blocking {@link #poll} where the client allows it. */
    default void wakeUp() {}

    @Override
    void close();
}
