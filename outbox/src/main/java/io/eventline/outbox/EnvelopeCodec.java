package io.eventline.outbox;

import io.eventline.events.EventEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The outbox's {@code payload}: the whole {@link EventEnvelope} in Avro single-object encoding (a 10-byte
 * header with the schema's fingerprint, then Avro binary), the generated class's own encoder.
 *
 * <p>Why Avro and not JSON: the relay publishes the same envelope in the Confluent wire format, so Avro keeps
 * money decimals exact and the types identical without a second mapping; the fingerprint makes a row written
 * with an unknown schema fail loudly instead of decoding garbage. The cost is that {@code psql} shows bytes: the
 * outbox's plain columns (event_id, aggregate_id, sequence_number, event_type, version) are there for people.
 */
public final class EnvelopeCodec {

    private EnvelopeCodec() {}

    public static byte[] encode(EventEnvelope event) {
        try {
            ByteBuffer buffer = EventEnvelope.getEncoder().encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EventEnvelope decode(byte[] bytes) throws IOException {
        return EventEnvelope.getDecoder().decode(bytes);
    }
}
