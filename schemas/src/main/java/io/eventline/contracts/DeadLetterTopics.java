package io.eventline.contracts;

/**
 * The topic names around a source topic, shared by the job (which writes them) and the CLI (which reads them):
 * {@code orders} → dead letters {@code orders.dlq}, their replay log {@code orders.dlq.replayed}, and the
 * conventional control topic {@code orders.control}.
 */
public final class DeadLetterTopics {

    public static final String DLQ_SUFFIX = ".dlq";
    public static final String REPLAY_LOG_SUFFIX = ".replayed";
    public static final String CONTROL_SUFFIX = ".control";

    private DeadLetterTopics() {}

    /** {@code orders} → {@code orders.dlq}. */
    public static String dlqTopicFor(String sourceTopic) {
        return sourceTopic + DLQ_SUFFIX;
    }

    /** {@code orders.dlq} → {@code orders.dlq.replayed}. */
    public static String replayLogFor(String dlqTopic) {
        return dlqTopic + REPLAY_LOG_SUFFIX;
    }

    /** {@code orders} → {@code orders.control}, the name the CLI assumes unless told otherwise. */
    public static String controlTopicFor(String sourceTopic) {
        return sourceTopic + CONTROL_SUFFIX;
    }
}
