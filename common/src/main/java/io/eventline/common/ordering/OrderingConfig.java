package io.eventline.common.ordering;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ordering operator; immutable, change with the {@code with*} methods.
 *
 * <p>{@code dedupeTtl} is also the idle retention of an aggregate: once an aggregate has seen no event for that
 * long (and waits for nothing), its whole state is dropped, so an event arriving after that is treated as the
 * aggregate's first. Choose it longer than the longest quiet period of a live aggregate.
 */
public final class OrderingConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Duration gapTimeout;
    private final GapPolicy gapPolicy;
    private final int maxBufferedPerAggregate;
    private final Duration dedupeTtl;
    private final boolean allowUnsequenced;
    private final String jobName;

    private OrderingConfig(Duration gapTimeout, GapPolicy gapPolicy, int maxBufferedPerAggregate, Duration dedupeTtl,
            boolean allowUnsequenced, String jobName) {
        this.gapTimeout = positive(gapTimeout, "gapTimeout");
        this.gapPolicy = Objects.requireNonNull(gapPolicy, "gapPolicy");
        if (maxBufferedPerAggregate < 1) {
            throw new IllegalArgumentException(
                    "maxBufferedPerAggregate must be at least 1: " + maxBufferedPerAggregate);
        }
        this.maxBufferedPerAggregate = maxBufferedPerAggregate;
        this.dedupeTtl = positive(dedupeTtl, "dedupeTtl");
        this.allowUnsequenced = allowUnsequenced;
        this.jobName = Objects.requireNonNull(jobName, "jobName");
    }

    /** 30 s gap timeout, skip, 1000 buffered events per aggregate, 24 h eventId memory, sequenced events only. */
    public static OrderingConfig defaults() {
        return new OrderingConfig(
                Duration.ofSeconds(30), GapPolicy.SKIP, 1_000, Duration.ofHours(24), false, "eventline");
    }

    public OrderingConfig withGapTimeout(Duration value) {
        return new OrderingConfig(value, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, jobName);
    }

    public OrderingConfig withGapPolicy(GapPolicy value) {
        return new OrderingConfig(gapTimeout, value, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, jobName);
    }

    public OrderingConfig withMaxBufferedPerAggregate(int value) {
        return new OrderingConfig(gapTimeout, gapPolicy, value, dedupeTtl, allowUnsequenced, jobName);
    }

    public OrderingConfig withDedupeTtl(Duration value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, value, allowUnsequenced, jobName);
    }

    public OrderingConfig withAllowUnsequenced(boolean value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, value, jobName);
    }

    public OrderingConfig withJobName(String value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, value);
    }

    public Duration gapTimeout() {
        return gapTimeout;
    }

    public GapPolicy gapPolicy() {
        return gapPolicy;
    }

    public int maxBufferedPerAggregate() {
        return maxBufferedPerAggregate;
    }

    public Duration dedupeTtl() {
        return dedupeTtl;
    }

    public boolean allowUnsequenced() {
        return allowUnsequenced;
    }

    public String jobName() {
        return jobName;
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "OrderingConfig{gapTimeout=" + gapTimeout + ", gapPolicy=" + gapPolicy + ", maxBufferedPerAggregate="
                + maxBufferedPerAggregate + ", dedupeTtl=" + dedupeTtl + ", allowUnsequenced=" + allowUnsequenced
                + ", jobName=" + jobName + '}';
    }
}
