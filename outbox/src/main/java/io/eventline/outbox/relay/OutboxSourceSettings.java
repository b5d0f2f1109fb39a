package io.eventline.outbox.relay;

import io.eventline.outbox.OutboxDatabase;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The relay source's settings.
 *
 * @param batchSize rows per query
 * @param pollInterval pause after a query that found nothing
 * @param lagInterval how often the lag gauges are refreshed
 * @param published what happens to rows after the checkpoint that published them completed
 * @param retention in {@link PublishedPolicy#MARK} mode, how long marked rows are kept
 */
public record OutboxSourceSettings(OutboxDatabase database, int batchSize, Duration pollInterval,
        Duration lagInterval, PublishedPolicy published, Duration retention) implements Serializable {

    public OutboxSourceSettings {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lagInterval, "lagInterval");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(retention, "retention");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
    }

    public static OutboxSourceSettings defaults(OutboxDatabase database) {
        return new OutboxSourceSettings(database, 1000, Duration.ofMillis(100), Duration.ofSeconds(5),
                PublishedPolicy.MARK, Duration.ofDays(1));
    }

    public OutboxSourceSettings withPollInterval(Duration d) {
        return new OutboxSourceSettings(database, batchSize, d, lagInterval, published, retention);
    }

    public OutboxSourceSettings withLagInterval(Duration d) {
        return new OutboxSourceSettings(database, batchSize, pollInterval, d, published, retention);
    }

    public OutboxSourceSettings withPublished(PublishedPolicy p, Duration keep) {
        return new OutboxSourceSettings(database, batchSize, pollInterval, lagInterval, p, keep);
    }

    public OutboxSourceSettings withBatchSize(int n) {
        return new OutboxSourceSettings(database, n, pollInterval, lagInterval, published, retention);
    }
}
