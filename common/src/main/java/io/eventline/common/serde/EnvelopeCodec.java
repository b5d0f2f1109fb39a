package io.eventline.common.serde;

import io.eventline.common.deadletter.Replay;
import io.eventline.common.event.EventAccessor;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Everything the generic serdes need to know about one envelope type {@code E} (an Avro specific record): the
 * identity fields ({@link EventAccessor}), its JSON form, its validation rules, where the replay metadata goes.
 * A domain supplies one implementation (the order job's is {@code OrderEnvelopeCodec}); a second envelope (saga
 * commands, outbox events) is a second implementation, with no change to {@code common}.
 */
public interface EnvelopeCodec<E extends SpecificRecordBase> extends EventAccessor<E> {

    /** The generated Avro class; its schema is the reader schema for Confluent-wire-format records. */
    Class<E> envelopeClass();

    /**
     * Decodes the JSON form of the envelope.
     *
     * @throws MalformedRecordException JSON that is not in the envelope's shape ({@code malformed})
     * @throws InvalidEnvelopeException JSON in shape but breaking the contract ({@code invalid-envelope})
     */
    E fromJson(byte[] json) throws MalformedRecordException, InvalidEnvelopeException;

    /** Every rule {@code event} breaks, in field order; empty when it is valid. */
    List<String> violations(E event);

    /**
     * Sets the delivery's replay metadata on a decoded event, {@code null} for a first delivery. Called for every
     * decoded record, so that whatever the value itself claims is overwritten. Envelopes without such a field
     * ignore it.
     */
    default void setReplay(E event, Replay replay) {}

    /** The occurrence time, written as the Kafka record timestamp; {@code null} when unknown. */
    Instant occurredAt(E event);
}
