package io.eventline.common.deadletter;

import io.eventline.contracts.ReplayHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka headers of a record that {@code eventline dlq replay} republished from a DLQ, and their reading by the
 * job's deserializer (which hands them to the envelope, see {@code EnvelopeCodec#setReplay}).
 *
 * <ul>
 *   <li>{@value #REPLAY_OF}: the dead letter, {@code <dlq-topic>:<partition>:<offset>};
 *   <li>{@value #REPLAY_STAGE}: its stage ({@code deserialize}, {@code validate}, {@code order}, {@code project});
 *   <li>{@value #REPLAY_REASON}: its reason code;
 *   <li>{@value #ATTEMPT}: the delivery attempt (the dead letter's attempt plus one).
 * </ul>
 *
 * A record is a replay only when both {@value #REPLAY_OF} and {@value #REPLAY_STAGE} are present.
 */
public final class ReplayHeaders {

    public static final String REPLAY_OF = ReplayHeaderNames.REPLAY_OF;
    public static final String REPLAY_STAGE = ReplayHeaderNames.REPLAY_STAGE;
    public static final String REPLAY_REASON = ReplayHeaderNames.REPLAY_REASON;
    public static final String ATTEMPT = ReplayHeaderNames.ATTEMPT;

    /** Every header this class owns; a replay removes earlier copies before adding its own. */
    public static final List<String> ALL = ReplayHeaderNames.ALL;

    private ReplayHeaders() {}

    /** The replay metadata of a record, or {@code null} for a first delivery. */
    public static Replay read(Headers headers) {
        String of = text(headers, REPLAY_OF);
        String stage = text(headers, REPLAY_STAGE);
        if (of == null || stage == null) {
            return null;
        }
        String reason = text(headers, REPLAY_REASON);
        return new Replay(of, stage, reason == null ? "" : reason, attempt(headers));
    }

    /** The delivery attempt a record's headers state; 1 when absent or unreadable. */
    public static int attempt(Headers headers) {
        String value = text(headers, ATTEMPT);
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String text(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
