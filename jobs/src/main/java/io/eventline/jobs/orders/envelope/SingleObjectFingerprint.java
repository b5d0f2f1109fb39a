package io.eventline.jobs.orders.envelope;

import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;

/**
 * CRC-64-AVRO ({@link SchemaNormalization#fingerprint64}) of an event's Avro single-object encoding in one writer
 * schema, computed while the encoder writes: the bytes go straight into the hash, with the header's share
 * precomputed, instead of into a buffer that is copied twice and hashed afterwards. The value is exactly that of
 * {@code fingerprint64(new BinaryMessageEncoder<>(model, schema).encode(event))}: fingerprints are kept in the
 * ordering operator's state, so the function must not change (OrderEnvelopeCodecTest pins values).
 *
 * <p>Hand-written because Avro hashes only whole byte arrays. Not thread-safe: one instance per thread.
 */
final class SingleObjectFingerprint extends OutputStream {

    private static final long EMPTY64 = 0xc15d213aa4d7a795L;
    private static final long[] TABLE = table();

    private final DatumWriter<EventEnvelope> writer;
    /** The hash state after the single-object header (marker and schema fingerprint). */
    private final long afterHeader;
    private BinaryEncoder encoder;
    private long hash;

    SingleObjectFingerprint(SpecificData model, Schema schema) {
        this.writer = model.createDatumWriter(schema);
        long schemaFingerprint = SchemaNormalization.parsingFingerprint64(schema);
        hash = EMPTY64;
        write(0xC3);
        write(0x01);
        for (int i = 0; i < 8; i++) {
            write((int) (schemaFingerprint >>> (8 * i))); // little-endian, as BinaryMessageEncoder writes it
        }
        afterHeader = hash;
    }

    long of(EventEnvelope event) {
        hash = afterHeader;
        encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode event " + event.getEventId(), e);
        }
        return hash;
    }

    @Override
    public void write(int b) {
        hash = (hash >>> 8) ^ TABLE[(int) (hash ^ b) & 0xff];
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        long h = hash;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h >>> 8) ^ TABLE[(int) (h ^ bytes[i]) & 0xff];
        }
        hash = h;
    }

    /** Avro's FP_TABLE (SchemaNormalization keeps its own private). */
    private static long[] table() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long fp = i;
            for (int j = 0; j < 8; j++) {
                fp = (fp >>> 1) ^ (EMPTY64 & -(fp & 1L));
            }
            table[i] = fp;
        }
        return table;
    }
}
