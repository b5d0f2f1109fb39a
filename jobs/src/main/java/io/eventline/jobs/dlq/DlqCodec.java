package io.eventline.jobs.dlq;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import java.io.IOException;

/** Decoding helpers for the CLI, free of Flink classes (see {@link WireFormat}). */
public final class DlqCodec {

    private DlqCodec() {}

    /** An event in the Confluent wire format, read as the current envelope. */
    public static EventEnvelope decodeEnvelope(RegistryConfig registry, byte[] value) throws IOException {
        return new WireFormat(registry).decode(value, EventEnvelope.class, EventEnvelope.getClassSchema());
    }
}
