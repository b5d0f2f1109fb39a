package io.eventline.common.serde;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.flink.formats.avro.SchemaCoder;

/**
 * {@link SchemaCoder} for the Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte
 * big-endian int, then the Avro binary body. Writes register the schema under {@link #subject()} (by
 * convention {@code <topic>-value}); reads look the writer schema up by id. Both directions are cached per
 * instance (id to parsed schema, schema to id), so the registry sees one request per schema and task.
 *
 * <p>Serializable with its caches and HTTP client transient: it can be used, then shipped.
 */
public class ConfluentSchemaCoder implements SchemaCoder, Serializable {

    private static final long serialVersionUID = 1L;

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus 4-byte id. */
    public static final int HEADER_SIZE = 5;

    private final SchemaRegistryClient client;
    private final String subject;

    private transient volatile Map<Integer, Schema> schemasById;
    private transient volatile Map<Schema, Integer> idsBySchema;

    /** @param subject where {@link #writeSchema} registers; may be {@code null} for a read-only coder */
    public ConfluentSchemaCoder(SchemaRegistryClient client, String subject) {
        this.client = client;
        this.subject = subject;
    }

    public SchemaRegistryClient client() {
        return client;
    }

    public String subject() {
        return subject;
    }

    @Override
    public Schema readSchema(InputStream in) throws IOException {
        int magic = in.read();
        if (magic == -1) {
            throw new MalformedRecordException("empty record: no magic byte");
        }
        if (magic != MAGIC_BYTE) {
            throw new MalformedRecordException(
                    String.format("unknown magic byte 0x%02x, expected 0x00 (Confluent wire format)", magic));
        }
        int id;
        try {
            id = new DataInputStream(in).readInt();
        } catch (EOFException e) {
            throw new MalformedRecordException("truncated record: fewer than 4 bytes of schema id after the magic byte", e);
        }
        return schemaById(id);
    }

    /** The writer schema with {@code id}, from the cache or the registry. */
    public Schema schemaById(int id) throws IOException {
        Map<Integer, Schema> cache = schemasById();
        Schema schema = cache.get(id);
        if (schema == null) {
            schema = client.schemaById(id);
            cache.put(id, schema);
        }
        return schema;
    }

    @Override
    public void writeSchema(Schema schema, OutputStream out) throws IOException {
        int id = idFor(schema);
        out.write(MAGIC_BYTE);
        out.write(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    }

    /** The id of {@code schema} under {@link #subject()}, registering it on first use. */
    public int idFor(Schema schema) throws IOException {
        if (subject == null) {
            throw new IllegalStateException("this coder is read-only: it was created without a subject");
        }
        Map<Schema, Integer> cache = idsBySchema();
        Integer id = cache.get(schema);
        if (id == null) {
            id = client.register(subject, schema);
            cache.put(schema, id);
            schemasById().putIfAbsent(id, schema);
        }
        return id;
    }

    private Map<Integer, Schema> schemasById() {
        Map<Integer, Schema> m = schemasById;
        if (m == null) {
            synchronized (this) {
                if (schemasById == null) {
                    schemasById = new ConcurrentHashMap<>();
                }
                m = schemasById;
            }
        }
        return m;
    }

    private Map<Schema, Integer> idsBySchema() {
        Map<Schema, Integer> m = idsBySchema;
        if (m == null) {
            synchronized (this) {
                if (idsBySchema == null) {
                    idsBySchema = new ConcurrentHashMap<>();
                }
                m = idsBySchema;
            }
        }
        return m;
    }
}
