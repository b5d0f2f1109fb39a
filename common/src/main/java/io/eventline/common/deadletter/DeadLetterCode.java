package io.eventline.common.deadletter;

import java.io.Serializable;

/** A stage and reason code pair of dead letters, e.g. {@code (deserialize, malformed)}. */
public record DeadLetterCode(String stage, String reason) implements Serializable {

    public static DeadLetterCode of(Stage stage, String reason) {
        return new DeadLetterCode(stage.code(), reason);
    }
}
