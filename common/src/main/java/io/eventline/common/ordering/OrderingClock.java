package io.eventline.common.ordering;

/** Which clock the ordering operator measures gap timeouts and the eventId TTL on. */
public enum OrderingClock {
    /**
     * The log's own time (default): the element's record timestamp (the Kafka record timestamp, set by the
     * KafkaSource) and event-time timers driven by watermarks. A live run, a backlog replay and a restore from an old
     * checkpoint take the same decision for the same records. An event without a timestamp falls back to
     * {@link #PROCESSING} for that event.
     */
    LOG,
    /** The wall clock of the task manager (the behaviour before v2): a restore after downtime fires every timer. */
    PROCESSING
}
