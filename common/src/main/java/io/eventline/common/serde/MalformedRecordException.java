package io.eventline.common.serde;

import java.io.IOException;

/** The bytes are not in a format we read (wrong magic byte, truncated header, bad JSON shape). Reason {@code malformed}. */
public class MalformedRecordException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
