package io.eventline.common.serde;

/**
 * The schema id is not known to the registry (404), or names a schema that cannot be read as the expected
 * record. Dead letter reason {@code unknown-schema}.
 */
public class UnknownSchemaException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public UnknownSchemaException(String message, int schemaId, int status) {
        super(message, status);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
