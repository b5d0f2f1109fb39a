package io.eventline.common.serde;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The field encodings of the purpose-built row serializers (issue 12): strings as a varint length and their UTF-8
 * bytes in one write (Flink's StringSerializer writes a string char by char through a thread-local buffer), decimals
 * as a scale and an unscaled long while it fits, instants as seconds and nanos. Null handling is the caller's (one
 * bit mask per row). Hand-written because Flink offers these only inside its reflective PojoSerializer.
 */
public final class CompactFields {

    private CompactFields() {}

    public static void writeString(DataOutputView out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Scale, then a marker and the unscaled value: a long when it fits in 63 bits, else its two's-complement bytes. */
    public static void writeDecimal(DataOutputView out, BigDecimal value) throws IOException {
        writeVarInt(out, (value.scale() << 1) ^ (value.scale() >> 31)); // zig-zag: scales can be negative
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < 64) {
            out.writeByte(0);
            out.writeLong(unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            out.writeByte(1);
            writeVarInt(out, bytes.length);
            out.write(bytes);
        }
    }

    public static BigDecimal readDecimal(DataInputView in) throws IOException {
        int zigzag = readVarInt(in);
        int scale = (zigzag >>> 1) ^ -(zigzag & 1);
        if (in.readByte() == 0) {
            return BigDecimal.valueOf(in.readLong(), scale);
        }
        byte[] bytes = new byte[readVarInt(in)];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    public static void writeInstant(DataOutputView out, Instant value) throws IOException {
        out.writeLong(value.getEpochSecond());
        out.writeInt(value.getNano());
    }

    public static Instant readInstant(DataInputView in) throws IOException {
        long seconds = in.readLong();
        return Instant.ofEpochSecond(seconds, in.readInt());
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
