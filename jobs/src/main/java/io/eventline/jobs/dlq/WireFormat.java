package io.eventline.jobs.dlq;

import io.eventline.common.serde.ConfluentSchemaCoder;
import io.eventline.common.serde.ConfluentSchemaCoderProvider;
import io.eventline.common.serde.RegistryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent wire format (magic byte, 4-byte schema id, Avro binary) for the CLI, with the project's registry
 * coder and plain Avro: no Flink classes, because {@code eventline.sh} runs the CLI from the shaded job jar alone,
 * where Flink's core is not (it is {@code provided}).
 */
final class WireFormat {

    private final RegistryConfig registry;
    private ConfluentSchemaCoder reader;
    private final Map<String, ConfluentSchemaCoder> writers = new HashMap<>();

    WireFormat(RegistryConfig registry) {
        this.registry = registry;
    }

    /** Decodes a wire-format value into {@code type}, resolving the writer schema by its id in the registry. */
    <T extends SpecificRecord> T decode(byte[] value, Class<T> type, Schema readerSchema) throws IOException {
        if (reader == null) {
            reader = ConfluentSchemaCoderProvider.forReading(registry).get();
        }
        ByteArrayInputStream in = new ByteArrayInputStream(value);
        Schema writer = reader.readSchema(in); // consumes magic byte and id
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
        T record = new SpecificDatumReader<T>(writer, readerSchema).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the Avro body");
        }
        return record;
    }

    /** Encodes {@code record} for {@code topic}, registering its schema under {@code <topic>-value} if needed. */
    <T extends SpecificRecord> byte[] encode(T record, String topic) throws IOException {
        ConfluentSchemaCoder writer = writers.computeIfAbsent(topic,
                t -> ConfluentSchemaCoderProvider.forTopicValue(registry, t).get());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeSchema(record.getSchema(), out);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
