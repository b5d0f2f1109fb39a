package io.eventline.common.serde;

/** The registry could not be reached or answered 5xx/429/408, after every retry. Dead letter reason {@code registry-unavailable}. */
public class RegistryUnavailableException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int status, Throwable cause) {
        super(message, status);
        if (cause != null) {
            initCause(cause);
        }
    }
}
