package io.eventline.saga;

import io.eventline.sagas.FulfilmentOrder;
import io.eventline.sagas.SagaCommand;
import io.eventline.sagas.SagaReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Saga commands, replies and the saga's data in Avro single-object encoding (marker, schema fingerprint, body).
 * Orchestrator and participants are built from the same schemas module, so messages need no registry lookup;
 * the gate keeps the schemas FULL_TRANSITIVE compatible so either side can be deployed first.
 */
public final class SagaMessages {

    private SagaMessages() {
    }

    public static byte[] encode(SagaCommand command) {
        return bytes(() -> command.toByteBuffer());
    }

    public static byte[] encode(SagaReply reply) {
        return bytes(() -> reply.toByteBuffer());
    }

    public static byte[] encode(FulfilmentOrder order) {
        return bytes(() -> order.toByteBuffer());
    }

    public static SagaCommand command(byte[] value) throws IOException {
        return SagaCommand.fromByteBuffer(ByteBuffer.wrap(value));
    }

    public static SagaReply reply(byte[] value) throws IOException {
        return SagaReply.fromByteBuffer(ByteBuffer.wrap(value));
    }

    public static FulfilmentOrder order(byte[] value) {
        try {
            return FulfilmentOrder.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Encoding {
        ByteBuffer run() throws IOException;
    }

    private static byte[] bytes(Encoding encoding) {
        try {
            ByteBuffer buffer = encoding.run();
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
