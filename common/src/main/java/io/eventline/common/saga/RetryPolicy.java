package io.eventline.common.saga;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often a step's command is sent again when no reply comes before its timeout, and how long to wait between
 * tries: exponential backoff with jitter. The jitter is a hash of (saga id, attempt), not a random draw, so a
 * restored operator and a harness test compute the same delays.
 */
public final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxAttempts;
    private final long initialBackoffMs;
    private final double multiplier;
    private final long maxBackoffMs;
    private final double jitter;

    private RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter) {
        if (maxAttempts < 1 || multiplier < 1.0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("maxAttempts >= 1, multiplier >= 1, 0 <= jitter < 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoffMs = initialBackoff.toMillis();
        this.multiplier = multiplier;
        this.maxBackoffMs = maxBackoff.toMillis();
        this.jitter = jitter;
    }

    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff, double multiplier,
            Duration maxBackoff, double jitter) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter);
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 = the first retry): initial * multiplier^(nextAttempt-2),
     * capped, then moved by up to ±jitter of itself.
     */
    public long backoffMillis(String sagaId, int nextAttempt) {
        double base = Math.min(maxBackoffMs, initialBackoffMs * Math.pow(multiplier, Math.max(0, nextAttempt - 2)));
        double unit = (Math.floorMod((sagaId + "#" + nextAttempt).hashCode(), 10_000) / 10_000.0) * 2 - 1;
        return Math.max(0, Math.round(base * (1 + jitter * unit)));
    }
}
