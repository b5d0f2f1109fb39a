package io.eventline.cli.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary), with plain Avro. */
public final class WireFormat {

    private static final byte MAGIC = 0;
    private static final int HEADER = 5;

    private final RegistryClient registry;

    public WireFormat(RegistryClient registry) {
        this.registry = registry;
    }

    /** Whether {@code value} can be a wire-format record. */
    public static boolean looksLikeWireFormat(byte[] value) {
        return value != null && value.length > HEADER && value[0] == MAGIC;
    }

    /** The writer schema registered under {@code id}. */
    public Schema writerSchema(int id) throws IOException {
        return registry.schemaById(id);
    }

    /** Decodes into {@code readerSchema}'s class, resolving the writer schema by its id. */
    public <T extends SpecificRecord> T decode(byte[] value, Schema readerSchema) throws IOException {
        if (!looksLikeWireFormat(value)) {
            throw new IOException("not the Confluent wire format (magic byte 0 and a schema id)");
        }
        Schema writer = registry.schemaById(ByteBuffer.wrap(value, 1, 4).getInt());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null);
        T record = new SpecificDatumReader<T>(writer, readerSchema).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the Avro body");
        }
        return record;
    }

    /** Encodes {@code record} with its schema registered under {@code subject} (e.g. {@code orders-value}). */
    public <T extends SpecificRecord> byte[] encode(T record, String subject) throws IOException {
        int id = registry.idOf(subject, record.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
