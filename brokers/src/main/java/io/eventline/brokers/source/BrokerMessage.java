package io.eventline.brokers.source;

import java.util.Map;

/**
 * One message as a broker delivered it, before decoding: where it came from ({@code source}: queue or stream;
 * {@code position}: delivery tag, entry id or stream sequence, also as {@code positionText}), its timestamp (the
 * log's clock for this source), key, value and headers, and the consumer that acknowledges it.
 *
 * @param source the queue or stream, written into dead letters as their source topic
 * @param position a number for the dead letter's offset field (see each broker's consumer for what it is)
 * @param positionText the broker's own coordinate, as the broker spells it (e.g. Redis {@code 1719568800000-0})
 * @param timestamp epoch millis: the broker's append time where it has one
 * @param headers broker headers plus the coordinates ({@code <broker>-*}), copied into dead letters
 * @param consumer acknowledges this message once a checkpoint covering it completed
 * @param ackToken what {@code consumer} needs to acknowledge it
 */
public record BrokerMessage(String source, long position, String positionText, long timestamp, byte[] key,
        byte[] value, Map<String, byte[]> headers, BrokerConsumer consumer, Object ackToken) {}
