package io.eventline.common.deadletter;

import io.eventline.common.event.EventAccessor;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.RecordHeader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.OutputTag;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Builds {@link DeadLetter} records in the contract of DESIGN.md ("Dead letters"). */
public final class DeadLetters {

    /** Side output every stage uses; Avro-serialized by Flink, never Kryo. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Stack traces are trimmed to this many characters: enough to find the frame, bounded in Kafka. */
    static final int MAX_STACK_TRACE_CHARS = 4_000;

    private DeadLetters() {}

    /** A dead letter with the mandatory fields set; callers add what they know. */
    public static DeadLetter.Builder builder(Stage stage, String reason, String message, String jobName) {
        return DeadLetter.newBuilder()
                .setStage(stage.code())
                .setReason(reason)
                .setMessage(message == null ? "" : message)
                .setJobName(jobName == null ? "" : jobName)
                .setHeaders(new ArrayList<>())
                .setAttempt(1)
                .setFailedAt(Instant.now());
    }

    /** A dead letter about a source record: its coordinates, timestamp, key, value and headers. */
    public static DeadLetter.Builder forRecord(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
            Stage stage, String reason, String message, String jobName) {
        return builder(stage, reason, message, jobName)
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRecordTimestamp(record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaders(headers(record.headers()));
    }

    /** A dead letter about a decoded event: its identity fields and its encoding as the value. */
    public static <E> DeadLetter.Builder forEvent(
            E event, EventAccessor<E> accessor, Stage stage, String reason, String message, String jobName) {
        byte[] value = accessor.encode(event);
        return builder(stage, reason, message, jobName)
                .setEventId(accessor.eventId(event))
                .setEventType(accessor.eventType(event))
                .setAggregateId(accessor.aggregateId(event))
                .setSequenceNumber(accessor.sequenceNumber(event))
                .setAttempt(accessor.attempt(event))
                .setValue(value == null ? null : ByteBuffer.wrap(value));
    }

    /** Adds exception class, message (when none was given) and a trimmed stack trace. */
    public static DeadLetter.Builder withException(DeadLetter.Builder builder, Throwable error) {
        builder.setExceptionClass(error.getClass().getName()).setStackTrace(trimmedStackTrace(error));
        if (builder.getMessage() == null || builder.getMessage().isEmpty()) {
            builder.setMessage(String.valueOf(error.getMessage()));
        }
        return builder;
    }

    public static String trimmedStackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() <= MAX_STACK_TRACE_CHARS ? trace : trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t...";
    }

    public static List<RecordHeader> headers(org.apache.kafka.common.header.Headers kafkaHeaders) {
        List<RecordHeader> headers = new ArrayList<>();
        if (kafkaHeaders != null) {
            for (org.apache.kafka.common.header.Header h : kafkaHeaders) {
                headers.add(new RecordHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
            }
        }
        return headers;
    }
}
