package io.eventline.notification;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.functions.async.AsyncRetryPredicate;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * Flink's {@link AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategy} (attempt limit, retry predicate) with
 * the delay computed from the attempt number, plus "equal jitter" (half the delay fixed, half random). Hand-written
 * for the delay because Flink's keeps the last delay in one field shared by every element in flight (so
 * interleaved retries of different notifications reset each other's backoff) and has no jitter: without it, every
 * notification that failed in the same outage retries in the same instant.
 */
final class JitteredBackoffRetryStrategy<T> implements AsyncRetryStrategy<T> {

    private static final long serialVersionUID = 1L;

    private final AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategy<T> flink;
    private final long initialDelayMs;
    private final long maxDelayMs;
    private final double multiplier;

    /**
     * @param maxAttempts attempts in all, the first included (Flink's builder counts retries: it is given one less)
     */
    JitteredBackoffRetryStrategy(int maxAttempts, long initialDelayMs, long maxDelayMs, double multiplier,
            Predicate<java.util.Collection<T>> retryIfResult) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.flink = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<T>(
                maxAttempts - 1, initialDelayMs, maxDelayMs, multiplier).ifResult(retryIfResult).build();
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.multiplier = multiplier;
    }

    /** {@code currentAttempts}: attempts made so far (1 after the first). */
    @Override
    public boolean canRetry(int currentAttempts) {
        return flink.canRetry(currentAttempts);
    }

    /** Attempt n (1-based) waits between d/2 and d, d = min(max, initial * multiplier^(n-1)). */
    @Override
    public long getBackoffTimeMillis(int currentAttempts) {
        long delay = delayMs(currentAttempts);
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }

    long delayMs(int currentAttempts) {
        double d = initialDelayMs * Math.pow(multiplier, Math.max(0, currentAttempts - 1));
        return (long) Math.min(maxDelayMs, d);
    }

    @Override
    public AsyncRetryPredicate<T> getRetryPredicate() {
        return flink.getRetryPredicate();
    }
}
