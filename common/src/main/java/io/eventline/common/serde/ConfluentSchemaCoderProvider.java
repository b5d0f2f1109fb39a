package io.eventline.common.serde;

import java.util.Objects;
import org.apache.flink.formats.avro.SchemaCoder;

/**
 * Creates one {@link ConfluentSchemaCoder} (with its own client and caches) per task. Holds only the
 * serializable {@link RegistryConfig} and the subject.
 */
public final class ConfluentSchemaCoderProvider implements SchemaCoder.SchemaCoderProvider {

    private static final long serialVersionUID = 1L;

    private final RegistryConfig config;
    private final String subject;

    private ConfluentSchemaCoderProvider(RegistryConfig config, String subject) {
        this.config = Objects.requireNonNull(config, "config");
        this.subject = subject;
    }

    /** A provider for readers: schemas are looked up by the id in each record. */
    public static ConfluentSchemaCoderProvider forReading(RegistryConfig config) {
        return new ConfluentSchemaCoderProvider(config, null);
    }

    /** A provider for writers registering under {@code <topic>-value}. */
    public static ConfluentSchemaCoderProvider forTopicValue(RegistryConfig config, String topic) {
        return new ConfluentSchemaCoderProvider(config, valueSubject(topic));
    }

    public static ConfluentSchemaCoderProvider forSubject(RegistryConfig config, String subject) {
        return new ConfluentSchemaCoderProvider(config, Objects.requireNonNull(subject, "subject"));
    }

    /** The Confluent TopicNameStrategy subject of a topic's values. */
    public static String valueSubject(String topic) {
        return Objects.requireNonNull(topic, "topic") + "-value";
    }

    public RegistryConfig config() {
        return config;
    }

    public String subject() {
        return subject;
    }

    @Override
    public ConfluentSchemaCoder get() {
        return new ConfluentSchemaCoder(new SchemaRegistryClient(config), subject);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ConfluentSchemaCoderProvider)) return false;
        ConfluentSchemaCoderProvider p = (ConfluentSchemaCoderProvider) o;
        return config.equals(p.config) && Objects.equals(subject, p.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, subject);
    }
}
