package io.eventline.jobs.orders.envelope;

import io.eventline.common.serde.Crc64Avro;
import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;

/**
 * CRC-64-AVRO ({@link SchemaNormalization#fingerprint64}) of an event's Avro single-object encoding in one writer
 * schema: the body is encoded into a reused array (no allocation per event) and hashed eight bytes at a step
 * ({@link Crc64Avro}), with the header's share precomputed. The value is exactly that of {@code fingerprint64(new BinaryMessageEncoder<>(model, schema)
 * .encode(event))}: fingerprints are kept in the ordering operator's state, so the function must not change
 * (OrderEnvelopeCodecTest pins values and compares with Avro's own).
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class SingleObjectFingerprint extends OutputStream {

    private final DatumWriter<EventEnvelope> writer;
    /** The hash state after the single-object header (marker and schema fingerprint). */
    private final long afterHeader;
    private BinaryEncoder encoder;
    private byte[] buffer = new byte[512];
    private int length;

    SingleObjectFingerprint(SpecificData model, Schema schema) {
        this.writer = model.createDatumWriter(schema);
        long schemaFingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (schemaFingerprint >>> (8 * i)); // little-endian, as BinaryMessageEncoder writes it
        }
        afterHeader = Crc64Avro.update(Crc64Avro.EMPTY, header, header.length);
    }

    long of(EventEnvelope event) {
        length = 0;
        encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode event " + event.getEventId(), e);
        }
        return Crc64Avro.update(afterHeader, buffer, length);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
