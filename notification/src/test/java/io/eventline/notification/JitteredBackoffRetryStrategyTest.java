package io.eventline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JitteredBackoffRetryStrategyTest {

    private final JitteredBackoffRetryStrategy<Enrichment> strategy = NotificationJob.retryStrategy(
            new EnrichmentSettings("http://x", java.time.Duration.ofSeconds(1), 5, java.time.Duration.ofMillis(100),
                    java.time.Duration.ofSeconds(1), 2.0, java.time.Duration.ofMinutes(1), 10, 4, 10, 50f,
                    java.time.Duration.ofSeconds(1)));

    @Test
    void delaysDoubleFromTheAttemptNumberUpToTheMaximum() {
        assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(strategy::delayMs).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void eachBackoffIsBetweenHalfAndAllOfItsDelayAndVaries() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long backoff = strategy.getBackoffTimeMillis(3);
            assertThat(backoff).isBetween(200L, 400L);
            seen.add(backoff);
        }
        assertThat(seen.size()).isGreaterThan(20); // jitter: not every notification retries in the same instant
    }

    @Test
    void retriesTransientFailuresOnlyAndStopsAfterMaxAttempts() {
        OrderNotification n = new OrderNotification("e", "OrderPlacedNotification", "ord-1", 1);
        var retryIf = strategy.getRetryPredicate().resultPredicate().orElseThrow();
        assertThat(retryIf.test(List.of(Enrichment.failure(n, "http-5xx", "503", true)))).isTrue();
        assertThat(retryIf.test(List.of(Enrichment.failure(n, "order-unknown", "404", false)))).isFalse();
        assertThat(retryIf.test(List.of(Enrichment.success(n, new EnrichedNotification())))).isFalse();
        assertThat(strategy.canRetry(4)).isTrue();
        assertThat(strategy.canRetry(5)).isFalse();
    }
}
