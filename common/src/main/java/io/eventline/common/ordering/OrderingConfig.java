package io.eventline.common.ordering;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ordering operator; immutable, change with the {@code with*} methods.
 *
 * <p>{@code dedupeTtl} bounds the eventId memory: an applied eventId is forgotten once the clock (see
 * {@link OrderingClock}) has moved on by that much. The aggregate's progress (next expected number, holds, parks)
 * is O(1) and is kept for as long as the aggregate exists, so a quiet aggregate resumes where it was.
 */
public final class OrderingConfig implements Serializable {

    private static final long serialVersionUID = 2L;

    private final Duration gapTimeout;
    private final GapPolicy gapPolicy;
    private final int maxBufferedPerAggregate;
    private final Duration dedupeTtl;
    private final boolean allowUnsequenced;
    private final String jobName;
    private final OrderingClock clock;
    private final PoisonPolicy poisonPolicy;
    private final long maxSequenceJump;
    private final long maxBufferedBytesPerSubtask;

    private OrderingConfig(Duration gapTimeout, GapPolicy gapPolicy, int maxBufferedPerAggregate, Duration dedupeTtl,
            boolean allowUnsequenced, String jobName, OrderingClock clock, PoisonPolicy poisonPolicy,
            long maxSequenceJump, long maxBufferedBytesPerSubtask) {
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
        this.clock = Objects.requireNonNull(clock, "clock");
        this.poisonPolicy = Objects.requireNonNull(poisonPolicy, "poisonPolicy");
        if (maxSequenceJump < 1) {
            throw new IllegalArgumentException("maxSequenceJump must be at least 1: " + maxSequenceJump);
        }
        this.maxSequenceJump = maxSequenceJump;
        if (maxBufferedBytesPerSubtask < 1) {
            throw new IllegalArgumentException(
                    "maxBufferedBytesPerSubtask must be at least 1: " + maxBufferedBytesPerSubtask);
        }
        this.maxBufferedBytesPerSubtask = maxBufferedBytesPerSubtask;
    }

    /**
     * 30 s gap timeout on the log's clock, skip, hold on poison events, 1000 buffered events per aggregate and
     * 64 MiB per subtask, sequence jumps up to 1,000,000, 24 h eventId memory, sequenced events only.
     */
    public static OrderingConfig defaults() {
        return new OrderingConfig(Duration.ofSeconds(30), GapPolicy.SKIP, 1_000, Duration.ofHours(24), false,
                "eventline", OrderingClock.LOG, PoisonPolicy.HOLD, 1_000_000, 64L << 20);
    }

    public OrderingConfig withGapTimeout(Duration value) {
        return new OrderingConfig(value, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, jobName,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    public OrderingConfig withGapPolicy(GapPolicy value) {
        return new OrderingConfig(gapTimeout, value, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, jobName,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    public OrderingConfig withMaxBufferedPerAggregate(int value) {
        return new OrderingConfig(gapTimeout, gapPolicy, value, dedupeTtl, allowUnsequenced, jobName,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    public OrderingConfig withDedupeTtl(Duration value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, value, allowUnsequenced, jobName,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    public OrderingConfig withAllowUnsequenced(boolean value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, value, jobName,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    public OrderingConfig withJobName(String value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced, value,
                clock, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    /** The clock of gap timeouts and of the eventId TTL; {@link OrderingClock#LOG} by default. */
    public OrderingConfig withClock(OrderingClock value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced,
                jobName, value, poisonPolicy, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    /** What a dead-lettered sequence number (HOLD command, buffer overflow) does to its aggregate. */
    public OrderingConfig withPoisonPolicy(PoisonPolicy value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced,
                jobName, clock, value, maxSequenceJump, maxBufferedBytesPerSubtask);
    }

    /**
     * How far ahead of the next expected number an event may be; beyond that it is dead-lettered
     * {@code sequence-jump} instead of opening a gap that would poison the aggregate.
     */
    public OrderingConfig withMaxSequenceJump(long value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced,
                jobName, clock, poisonPolicy, value, maxBufferedBytesPerSubtask);
    }

    /**
     * Bound on the serialized size of all events waiting in one subtask (besides the count per aggregate); an
     * event that would exceed it is a {@code buffer-overflow}.
     */
    public OrderingConfig withMaxBufferedBytesPerSubtask(long value) {
        return new OrderingConfig(gapTimeout, gapPolicy, maxBufferedPerAggregate, dedupeTtl, allowUnsequenced,
                jobName, clock, poisonPolicy, maxSequenceJump, value);
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

    public OrderingClock clock() {
        return clock;
    }

    public PoisonPolicy poisonPolicy() {
        return poisonPolicy;
    }

    public long maxSequenceJump() {
        return maxSequenceJump;
    }

    public long maxBufferedBytesPerSubtask() {
        return maxBufferedBytesPerSubtask;
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
                + ", jobName=" + jobName + ", clock=" + clock + ", poisonPolicy=" + poisonPolicy
                + ", maxSequenceJump=" + maxSequenceJump + ", maxBufferedBytesPerSubtask="
                + maxBufferedBytesPerSubtask + '}';
    }
}
