package io.eventline.jobs.orders.envelope;

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
 * (slicing-by-8, issue 12: the byte-at-a-time loop was 9% of the ordering thread), with the header's share
 * precomputed. The value is exactly that of {@code fingerprint64(new BinaryMessageEncoder<>(model, schema)
 * .encode(event))}: fingerprints are kept in the ordering operator's state, so the function must not change
 * (OrderEnvelopeCodecTest pins values and compares with Avro's own).
 *
 * <p>Hand-written because Avro hashes only whole arrays, one byte at a time. Not thread-safe: one instance per
 * thread.
 */
final class SingleObjectFingerprint extends OutputStream {

    private static final long EMPTY64 = 0xc15d213aa4d7a795L;
    /** TABLES[0] is Avro's FP_TABLE; TABLES[k] advances a byte's share by k more bytes (slicing-by-8). */
    private static final long[][] TABLES = tables();
    private static final long[] TABLE = TABLES[0];

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
        afterHeader = crc(EMPTY64, header, header.length);
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
        return crc(afterHeader, buffer, length);
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

    /** Continues a CRC-64-AVRO over {@code bytes[0, count)}: eight bytes per step, then byte by byte. */
    static long crc(long hash, byte[] bytes, int count) {
        long h = hash;
        int i = 0;
        for (int end = count - 7; i < end; i += 8) {
            h ^= (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16
                    | (bytes[i + 3] & 0xffL) << 24 | (bytes[i + 4] & 0xffL) << 32 | (bytes[i + 5] & 0xffL) << 40
                    | (bytes[i + 6] & 0xffL) << 48 | (bytes[i + 7] & 0xffL) << 56;
            h = TABLES[7][(int) h & 0xff] ^ TABLES[6][(int) (h >>> 8) & 0xff] ^ TABLES[5][(int) (h >>> 16) & 0xff]
                    ^ TABLES[4][(int) (h >>> 24) & 0xff] ^ TABLES[3][(int) (h >>> 32) & 0xff]
                    ^ TABLES[2][(int) (h >>> 40) & 0xff] ^ TABLES[1][(int) (h >>> 48) & 0xff]
                    ^ TABLES[0][(int) (h >>> 56) & 0xff];
        }
        for (; i < count; i++) {
            h = (h >>> 8) ^ TABLE[(int) (h ^ bytes[i]) & 0xff];
        }
        return h;
    }

    private static long[][] tables() {
        long[][] tables = new long[8][];
        tables[0] = table();
        for (int k = 1; k < 8; k++) {
            tables[k] = new long[256];
            for (int i = 0; i < 256; i++) {
                long previous = tables[k - 1][i];
                tables[k][i] = (previous >>> 8) ^ tables[0][(int) previous & 0xff];
            }
        }
        return tables;
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
