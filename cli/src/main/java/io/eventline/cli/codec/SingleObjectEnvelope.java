package io.eventline.cli.codec;

import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Events as the job's later stages put them into dead letters: Avro single-object encoding (marker
 * {@code C3 01}, schema fingerprint, body), self-describing without a registry. Values written with any
 * published envelope version (the schemas module ships them under {@code avro-published/}) decode into the
 * current {@link EventEnvelope}.
 */
public final class SingleObjectEnvelope {

    /** The dead letter's {@code value_format} for such values. */
    public static final String FORMAT = "avro-single-object";

    private static final int PUBLISHED_VERSIONS_TO_TRY = 20;
    private static final BinaryMessageDecoder<EventEnvelope> DECODER = decoder();

    private SingleObjectEnvelope() {}

    public static boolean isSingleObject(byte[] value) {
        return value != null && value.length > 10 && (value[0] & 0xff) == 0xC3 && value[1] == 0x01;
    }

    public static EventEnvelope decode(byte[] value) throws IOException {
        return DECODER.decode(value);
    }

    public static byte[] encode(EventEnvelope event) throws IOException {
        ByteBuffer buffer = event.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static BinaryMessageDecoder<EventEnvelope> decoder() {
        BinaryMessageDecoder<EventEnvelope> decoder = EventEnvelope.createDecoder(null);
        decoder.addSchema(EventEnvelope.getClassSchema());
        for (int v = 1; v <= PUBLISHED_VERSIONS_TO_TRY; v++) {
            try (InputStream in = SingleObjectEnvelope.class.getResourceAsStream(
                    "/avro-published/EventEnvelope/v" + v + ".avsc")) {
                if (in == null) {
                    break;
                }
                decoder.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return decoder;
    }
}
