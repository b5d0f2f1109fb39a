package io.eventline.notification;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.RecordHeader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The job's dead letters: records that are not notifications ({@code deserialize}/{@code malformed}) and lookups
 * that failed for good or ran out of retries ({@code enrich}/reason). Their value is the notification's JSON, so
 * {@code eventline dlq replay} puts them back on the source topic as they were; they name the notification's record
 * on the source topic (after retry topics too) and carry its retry history in headers.
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

    /** A failure the API answered for good (4xx, bad response), or a transient one without retry topics. */
    static DeadLetter failed(Enrichment r, RetryHistory history, int attempts, String jobName) {
        String reason = r.transientFailure ? RETRIES_EXHAUSTED : r.failureReason;
        return builder(r.notification, history, reason, r.failureReason + ": " + r.failureMessage, jobName)
                .setAttempt(history.attempts + attempts)
                .build();
    }

    /** A transient failure after the in-operator retries of every pass and every retry topic: the whole history. */
    static DeadLetter exhausted(Enrichment r, RetryHistory history, RetryTopics topics, String jobName) {
        String message = r.failureReason + ": " + r.failureMessage + " (" + history.attempts + " attempts, "
                + history.retries + " retry topics " + topics.topics() + ")\n" + history.failures;
        RecordHeaders headers = new RecordHeaders();
        RetryHeaders.write(history, r.failureReason, headers);
        return builder(r.notification, history, RETRIES_EXHAUSTED, message, jobName)
                .setAttempt(history.attempts)
                .setHeaders(DeadLetters.headers(headers))
                .build();
    }

    /** One more notification of an order whose waiting list behind a retry is full. */
    static DeadLetter heldOverflow(OrderNotification n, String heldBy, int maxWaiting, String jobName) {
        return builder(n, n.retry, RetryRouter.HOLD_OVERFLOW, "order " + n.orderId + " already has " + maxWaiting
                + " notifications waiting behind " + heldBy + ", which is in retry", jobName)
                .setAttempt(1)
                .build();
    }

    private static DeadLetter.Builder builder(OrderNotification n, RetryHistory origin, String reason, String message,
            String jobName) {
        DeadLetter.Builder b = DeadLetters.builder(Stage.ENRICH, reason, message, jobName)
                .setEventId(n.eventId)
                .setEventType(n.eventType)
                .setAggregateId(n.orderId)
                .setSequenceNumber(n.sequenceNumber)
                .setValue(ByteBuffer.wrap(NotificationJson.write(n)));
        if (origin != null) {
            b.setSourceTopic(origin.originalTopic).setPartition(origin.originalPartition).setOffset(origin.originalOffset);
        }
        return b;
    }
}
