package io.eventline.common.deadletter;

/** Where in the pipeline a record failed; the {@code stage} field of a dead letter. */
public enum Stage {
    DESERIALIZE("deserialize"),
    VALIDATE("validate"),
    ORDER("order"),
    PROJECT("project"),
    SINK("sink"),
    /** An enrichment lookup (the notification job) that failed for good or ran out of retries. */
    ENRICH("enrich");

    private final String code;

    Stage(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
