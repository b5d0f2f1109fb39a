package io.eventline.common.saga;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One step of a saga: the command it sends (and to which destination), the reply types that advance the saga
 * and those that fail it, and how to undo it: a compensation command, acknowledged by one of
 * {@code compensatedReplies}. A step without compensation (e.g. the last one) is never undone.
 */
public final class SagaStep implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String destination;
    private final String commandType;
    private final Set<String> successReplies;
    private final Set<String> failureReplies;
    private final String compensationType;
    private final Set<String> compensatedReplies;
    private final long timeoutMs;
    private final RetryPolicy retry;
    private final boolean compensateOnTimeout;

    private SagaStep(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.destination = Objects.requireNonNull(b.destination, "destination");
        this.commandType = Objects.requireNonNull(b.commandType, "commandType");
        this.successReplies = Set.copyOf(b.successReplies);
        this.failureReplies = Set.copyOf(b.failureReplies);
        this.compensationType = b.compensationType;
        this.compensatedReplies = Set.copyOf(b.compensatedReplies);
        this.timeoutMs = b.timeout.toMillis();
        this.retry = b.retry;
        this.compensateOnTimeout = b.compensateOnTimeout;
        if (successReplies.isEmpty()) {
            throw new IllegalArgumentException("step " + name + " needs at least one success reply");
        }
        if (compensationType != null && compensatedReplies.isEmpty()) {
            throw new IllegalArgumentException("step " + name + ": a compensation needs its acknowledging reply");
        }
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String destination() {
        return destination;
    }

    public String commandType() {
        return commandType;
    }

    public boolean advancesOn(String replyType) {
        return successReplies.contains(replyType);
    }

    public boolean failsOn(String replyType) {
        return failureReplies.contains(replyType);
    }

    public boolean hasCompensation() {
        return compensationType != null;
    }

    public String compensationType() {
        return compensationType;
    }

    public boolean compensatedBy(String replyType) {
        return compensatedReplies.contains(replyType);
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public RetryPolicy retry() {
        return retry;
    }

    /**
     * Whether a step that timed out after its last attempt is undone too. True by default: the participant may
     * have applied the command and only its replies were lost, so the compensation (idempotent at the
     * participant) makes sure nothing stays held.
     */
    public boolean compensateOnTimeout() {
        return compensateOnTimeout;
    }

    /** The builder of a step. */
    public static final class Builder {
        private final String name;
        private String destination;
        private String commandType;
        private Set<String> successReplies = Set.of();
        private Set<String> failureReplies = Set.of();
        private String compensationType;
        private Set<String> compensatedReplies = Set.of();
        private Duration timeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.none();
        private boolean compensateOnTimeout = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder sends(String commandType, String destination) {
            this.commandType = commandType;
            this.destination = destination;
            return this;
        }

        public Builder advancesOn(String... replyTypes) {
            this.successReplies = Set.of(replyTypes);
            return this;
        }

        public Builder failsOn(String... replyTypes) {
            this.failureReplies = Set.of(replyTypes);
            return this;
        }

        public Builder compensatedWith(String compensationType, String... acknowledgedBy) {
            this.compensationType = compensationType;
            this.compensatedReplies = Set.of(acknowledgedBy);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public Builder compensateOnTimeout(boolean compensateOnTimeout) {
            this.compensateOnTimeout = compensateOnTimeout;
            return this;
        }

        public SagaStep build() {
            return new SagaStep(this);
        }
    }
}
