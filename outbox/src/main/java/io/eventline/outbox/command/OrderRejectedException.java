package io.eventline.outbox.command;

/** A command the order's current state does not allow (nothing was written). */
public final class OrderRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OrderRejectedException(String message) {
        super(message);
    }
}
