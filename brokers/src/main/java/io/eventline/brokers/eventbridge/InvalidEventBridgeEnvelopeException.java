package io.eventline.brokers.eventbridge;

/** A record that is not a usable EventBridge envelope; the message says which field is wrong. */
public final class InvalidEventBridgeEnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidEventBridgeEnvelopeException(String message) {
        super(message);
    }

    InvalidEventBridgeEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
