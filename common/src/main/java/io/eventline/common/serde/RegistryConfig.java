package io.eventline.common.serde;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Confluent-compatible schema registry and how hard to try.
 *
 * <p>Retry policy for registry outages (connection refused, timeouts, HTTP 5xx, 429): a bounded number of
 * attempts with exponential backoff ({@link #maxAttempts}, {@link #initialBackoff} doubled up to
 * {@link #maxBackoff}), after which the deserializer dead-letters the record with reason
 * {@code registry-unavailable}. We chose bounded-retry-then-dead-letter over retrying forever or failing the
 * job: a failing job would crash-loop on every restart for as long as the registry is down (and restart
 * storms hit the registry when it comes back), an unbounded retry would stall the partition silently and
 * block checkpoints. A dead letter keeps the original bytes, topic, partition and offset, so replaying the
 * DLQ once the registry is back recovers every such record. Only records whose schema id is not yet cached
 * need the registry at all: a running job keeps decoding known schemas through an outage. The defaults
 * (5 attempts, 200 ms doubling to 2 s: about 3 s per record) ride out a registry restart without turning a
 * long outage into hours of stalled consumption.
 *
 * <p>{@link Builder#outageWait}: wait out an outage instead. The first call that finds the registry down retries
 * (same backoff) until the outage has lasted that long; calls made after that fail at once, until a call
 * succeeds. A job restarted while the registry is down (every schema cache empty) then stalls its partitions for
 * up to that long and resumes without one dead letter, instead of dead-lettering valid records as
 * {@code registry-unavailable} and holding their aggregates. Keep it below the checkpoint timeout: a waiting
 * deserializer holds the task, and its checkpoints, until the registry answers.
 */
public final class RegistryConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final int conflictAttempts;
    private final Duration conflictBackoff;
    private final Duration outageWait;

    private RegistryConfig(Builder b) {
        String u = Objects.requireNonNull(b.url, "registry url");
        this.url = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoff = b.maxBackoff;
        this.conflictAttempts = b.conflictAttempts;
        this.conflictBackoff = b.conflictBackoff;
        this.outageWait = b.outageWait;
        if (outageWait.isNegative()) {
            throw new IllegalArgumentException("outageWait must not be negative");
        }
        if (maxAttempts < 1 || conflictAttempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        if (backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("backoffMultiplier must be >= 1");
        }
    }

    /** Defaults for a registry at {@code url}, the Confluent-compatible base, e.g. {@code http://host:8085/apis/ccompat/v7}. */
    public static RegistryConfig of(String url) {
        return builder(url).build();
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    public Builder toBuilder() {
        return new Builder(url)
                .connectTimeout(connectTimeout)
                .requestTimeout(requestTimeout)
                .maxAttempts(maxAttempts)
                .backoff(initialBackoff, backoffMultiplier, maxBackoff)
                .conflictRetry(conflictAttempts, conflictBackoff)
                .outageWait(outageWait);
    }

    public String url() { return url; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public double backoffMultiplier() { return backoffMultiplier; }
    public Duration maxBackoff() { return maxBackoff; }
    public int conflictAttempts() { return conflictAttempts; }
    public Duration conflictBackoff() { return conflictBackoff; }
    /** How long an outage is waited out before calls fail (zero: {@link #maxAttempts} per call instead). */
    public Duration outageWait() { return outageWait; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof RegistryConfig)) return false;
        RegistryConfig c = (RegistryConfig) o;
        return maxAttempts == c.maxAttempts && conflictAttempts == c.conflictAttempts
                && Double.compare(backoffMultiplier, c.backoffMultiplier) == 0 && url.equals(c.url)
                && connectTimeout.equals(c.connectTimeout) && requestTimeout.equals(c.requestTimeout)
                && initialBackoff.equals(c.initialBackoff) && maxBackoff.equals(c.maxBackoff)
                && conflictBackoff.equals(c.conflictBackoff) && outageWait.equals(c.outageWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, connectTimeout, requestTimeout, maxAttempts, initialBackoff, backoffMultiplier,
                maxBackoff, conflictAttempts, conflictBackoff, outageWait);
    }

    @Override
    public String toString() {
        return "RegistryConfig{url=" + url + ", maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff
                + "x" + backoffMultiplier + " up to " + maxBackoff + ", conflictAttempts=" + conflictAttempts
                + ", outageWait=" + outageWait + "}";
    }

    public static final class Builder {
        private final String url;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private double backoffMultiplier = 2.0;
        private Duration maxBackoff = Duration.ofSeconds(2);
        private int conflictAttempts = 3;
        private Duration conflictBackoff = Duration.ofMillis(100);
        private Duration outageWait = Duration.ZERO;

        private Builder(String url) {
            this.url = url;
        }

        public Builder connectTimeout(Duration d) { this.connectTimeout = Objects.requireNonNull(d); return this; }
        public Builder requestTimeout(Duration d) { this.requestTimeout = Objects.requireNonNull(d); return this; }
        /** Attempts per registry call during an outage (1 = no retry). */
        public Builder maxAttempts(int n) { this.maxAttempts = n; return this; }
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.backoffMultiplier = multiplier;
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }
        /** Attempts and pause for a 409 answer to a registration (racing first registrations). */
        public Builder conflictRetry(int attempts, Duration backoff) {
            this.conflictAttempts = attempts;
            this.conflictBackoff = Objects.requireNonNull(backoff);
            return this;
        }
        /** Wait out an outage for up to this long (see the class comment); zero keeps {@link #maxAttempts}. */
        public Builder outageWait(Duration d) { this.outageWait = Objects.requireNonNull(d); return this; }
        public RegistryConfig build() { return new RegistryConfig(this); }
    }
}
