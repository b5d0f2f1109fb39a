package io.eventline.common.serde;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The field encodings of the purpose-built state and row serializers (issue 12): strings as a varint length and
 * their UTF-8 bytes in one write (Flink's StringSerializer writes a string char by char through a thread-local
 * buffer), numbers as zig-zag varints (as Avro writes them), decimals as a scale and an unscaled long while it fits,
 * instants as nanos and seconds; each nullable form says null in its first byte. Hand-written because Flink offers
 * these only inside its reflective PojoSerializer.
 */
public final class CompactFields {

    private CompactFields() {}

    public static void writeString(DataOutputView out, String value) throws IOException {
        writeUtf8(out, value, 0);
    }

    public static String readString(DataInputView in) throws IOException {
        return readUtf8(in, readVarInt(in));
    }

    /** A string or null: the UTF-8 length plus one (0: null), then the bytes. */
    public static void writeNullableString(DataOutputView out, String value) throws IOException {
        if (value == null) {
            out.writeByte(0);
        } else {
            writeUtf8(out, value, 1);
        }
    }

    public static String readNullableString(DataInputView in) throws IOException {
        int length = readVarInt(in) - 1;
        return length < 0 ? null : readUtf8(in, length);
    }

    /** The UTF-8 bytes behind their length plus {@code lengthOffset}. */
    private static void writeUtf8(DataOutputView out, String value, int lengthOffset) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, bytes.length + lengthOffset);
        out.write(bytes);
    }

    private static String readUtf8(DataInputView in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A decimal or null: a marker (0 null, 1 an unscaled value that fits in 63 bits, 2 a wider one), the scale, then
     * the unscaled value as a long or as its two's-complement bytes.
     */
    public static void writeNullableDecimal(DataOutputView out, BigDecimal value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        BigInteger unscaled = value.unscaledValue();
        boolean compact = unscaled.bitLength() < 64;
        out.writeByte(compact ? 1 : 2);
        writeSignedVarLong(out, value.scale());
        if (compact) {
            writeSignedVarLong(out, unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            writeVarInt(out, bytes.length);
            out.write(bytes);
        }
    }

    public static BigDecimal readNullableDecimal(DataInputView in) throws IOException {
        int marker = in.readUnsignedByte();
        if (marker == 0) {
            return null;
        }
        int scale = (int) readSignedVarLong(in);
        if (marker == 1) {
            return BigDecimal.valueOf(readSignedVarLong(in), scale);
        }
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    /** An instant or null: its nanos plus one (0: null), then its epoch seconds. */
    public static void writeNullableInstant(DataOutputView out, Instant value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        writeVarInt(out, value.getNano() + 1);
        writeSignedVarLong(out, value.getEpochSecond());
    }

    public static Instant readNullableInstant(DataInputView in) throws IOException {
        int nanos = readVarInt(in) - 1;
        if (nanos < 0) {
            return null;
        }
        return Instant.ofEpochSecond(readSignedVarLong(in), nanos);
    }

    /** A signed long in as few bytes as its magnitude needs: zig-zag, then LEB128 (as Avro writes longs). */
    public static void writeSignedVarLong(DataOutputView out, long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readSignedVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
        throw new IOException("malformed varlong: more than ten bytes");
    }

    /** Unsigned LEB128, as Avro and protobuf write lengths. */
    public static void writeVarInt(DataOutputView out, int value) throws IOException {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    public static int readVarInt(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("malformed varint: more than five bytes");
    }
}
