package io.eventline.jobs.orders.projection;

import java.util.Objects;

/**
 * The result of a pure {@code apply(state, event)}: the new state, or a rejection with a stable reason code
 * (the dead letter's {@code reason}) and a message, or "ignored" for an input that changes nothing.
 */
public final class Outcome<S> {

    public enum Kind { APPLIED, REJECTED, IGNORED }

    private final Kind kind;
    private final S state;
    private final String reason;
    private final String message;

    private Outcome(Kind kind, S state, String reason, String message) {
        this.kind = kind;
        this.state = state;
        this.reason = reason;
        this.message = message;
    }

    public static <S> Outcome<S> applied(S state) {
        return new Outcome<>(Kind.APPLIED, Objects.requireNonNull(state), null, null);
    }

    public static <S> Outcome<S> rejected(String reason, String message) {
        return new Outcome<>(Kind.REJECTED, null, reason, message);
    }

    public static <S> Outcome<S> ignored(String message) {
        return new Outcome<>(Kind.IGNORED, null, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isApplied() {
        return kind == Kind.APPLIED;
    }

    public S state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return kind == Kind.APPLIED ? "applied " + state : kind + " " + reason + ": " + message;
    }
}
