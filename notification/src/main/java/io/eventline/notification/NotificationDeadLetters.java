package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The job's dead letters: records that are not notifications ({@code deserialize}/{@code malformed}) and lookups
 * that failed for good or ran out of retries ({@code enrich}/reason). Their value is the notification's JSON, so
 * {@code eventline dlq replay} puts them back on the source topic as they were.
 */
final class NotificationDeadLetters {

    static final String MALFORMED = "malformed";
    static final String RETRIES_EXHAUSTED = "retries-exhausted";

    private NotificationDeadLetters() {}

    static DeadLetter malformed(DecodedNotification d, String jobName) {
        return DeadLetters.builder(Stage.DESERIALIZE, MALFORMED, d.error, jobName)
                .setSourceTopic(d.topic)
                .setPartition(d.partition)
                .setOffset(d.offset)
                .setRecordTimestamp(Instant.ofEpochMilli(d.timestamp))
                .setKey(d.key == null ? null : ByteBuffer.wrap(d.key))
                .setValue(d.value == null ? null : ByteBuffer.wrap(d.value))
                .build();
    }

    /** A transient failure here has used every attempt: {@code retries-exhausted}; a permanent one keeps its reason. */
    static DeadLetter failed(Enrichment r, String sourceTopic, int attempts, String jobName) {
        OrderNotification n = r.notification;
        String reason = r.transientFailure ? RETRIES_EXHAUSTED : r.failureReason;
        return DeadLetters.builder(Stage.ENRICH, reason, r.failureReason + ": " + r.failureMessage, jobName)
                .setSourceTopic(sourceTopic)
                .setEventId(n.eventId)
                .setEventType(n.eventType)
                .setAggregateId(n.orderId)
                .setSequenceNumber(n.sequenceNumber)
                .setAttempt(r.transientFailure ? attempts : 1)
                .setValue(ByteBuffer.wrap(NotificationJson.write(n)))
                .build();
    }
}
