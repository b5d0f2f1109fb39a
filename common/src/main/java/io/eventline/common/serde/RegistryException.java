package io.eventline.common.serde;

import java.io.IOException;

/** The schema registry answered with an error that retrying will not fix (e.g. 409 after retries, 422). */
public class RegistryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public RegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or -1 where there was no answer. */
    public int status() {
        return status;
    }
}
