package io.eventline.contracts;

import java.util.List;

/**
 * The Kafka headers {@code eventline dlq replay} puts on a republished record and the job's deserializer reads
 * (see {@code io.eventline.common.deadletter.ReplayHeaders}, which reads them):
 * <ul>
 *   <li>{@value #REPLAY_OF}: the dead letter, {@code <dlq-topic>:<partition>:<offset>};
 *   <li>{@value #REPLAY_STAGE}: its stage; {@value #REPLAY_REASON}: its reason code;
 *   <li>{@value #ATTEMPT}: the delivery attempt (the dead letter's attempt plus one).
 * </ul>
 */
public final class ReplayHeaderNames {

    public static final String REPLAY_OF = "eventline-replay-of";
    public static final String REPLAY_STAGE = "eventline-replay-stage";
    public static final String REPLAY_REASON = "eventline-replay-reason";
    public static final String ATTEMPT = "eventline-attempt";

    /** Every one of them; a replay removes earlier copies before adding its own. */
    public static final List<String> ALL = List.of(REPLAY_OF, REPLAY_STAGE, REPLAY_REASON, ATTEMPT);

    private ReplayHeaderNames() {}
}
