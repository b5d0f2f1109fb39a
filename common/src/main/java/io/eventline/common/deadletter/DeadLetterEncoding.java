package io.eventline.common.deadletter;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.serde.SchemaRegistryClient;
import io.eventline.deadletter.DeadLetter;
import java.io.Serializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the job encodes DLQ values, decided once at job start (in {@code main}, before submission) so that the DLQ
 * path never calls the registry at run time: the schema id of {@code <dlq-topic>-value} when the registry
 * answered, else Avro single-object encoding (self-describing; readers see a {@code dlq-encoding} header).
 * The decision travels with the job graph: every task and every restart of it writes the same way.
 */
public final class DeadLetterEncoding implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterEncoding.class);

    private static final int SINGLE_OBJECT = -1;

    private final int schemaId;

    private DeadLetterEncoding(int schemaId) {
        this.schemaId = schemaId;
    }

    public static DeadLetterEncoding registered(int schemaId) {
        if (schemaId < 0) {
            throw new IllegalArgumentException("schema id " + schemaId);
        }
        return new DeadLetterEncoding(schemaId);
    }

    public static DeadLetterEncoding singleObject() {
        return new DeadLetterEncoding(SINGLE_OBJECT);
    }

    /**
     * Registers (or finds: registering an identical schema returns its id) the DeadLetter schema under
     * {@code <dlqTopic>-value}; on any failure, single-object encoding, with a warning.
     */
    public static DeadLetterEncoding resolve(RegistryConfig registry, String dlqTopic) {
        String subject = dlqTopic + "-value";
        try {
            int id = new SchemaRegistryClient(registry).register(subject, DeadLetter.getClassSchema());
            LOG.info("dead letters are written with schema id {} of {}", id, subject);
            return registered(id);
        } catch (Exception e) {
            LOG.warn("cannot register {} at {} ({}); dead letters are written in Avro single-object encoding with a"
                    + " dlq-encoding header until the job is started again with the registry up", subject,
                    registry.url(), e.toString());
            return singleObject();
        }
    }

    public boolean registered() {
        return schemaId != SINGLE_OBJECT;
    }

    public int schemaId() {
        if (!registered()) {
            throw new IllegalStateException("single-object encoding has no schema id");
        }
        return schemaId;
    }

    @Override
    public String toString() {
        return registered() ? "confluent(schema id " + schemaId + ")" : "avro-single-object";
    }
}
