package io.eventline.common.deadletter;

import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter to {@code <source-topic>.dlq} (or a fixed fallback topic when the source is unknown)
 * through {@link DeadLetterEncoder}: no registry call at run time, value capped, never larger than the producer
 * takes, never throwing. The main fields are mirrored in headers (including {@code dlq-id}) so that operators can
 * filter with plain Kafka tools without decoding the value. Keyed by aggregate id so that one aggregate's dead
 * letters stay in order in one partition.
 *
 * <p>Metrics (in the DLQ sink's writer group): {@code deadLettersCapped} (value dropped or record trimmed to fit)
 * and {@code deadLettersDropped} (could not be written at all; logged with coordinates). A dropped dead letter
 * does not fail the job: Flink's Kafka writer skips a {@code null} record, while it fails the task on any
 * asynchronous send error, which for a too-large record would recur on every restart.
 */
public final class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 2L;

    public static final String DLQ_SUFFIX = ".dlq";
    public static final String HEADER_PREFIX = "dlq-";

    private final DeadLetterEncoder encoder;
    private transient Counter capped;
    private transient Counter dropped;

    public DeadLetterRecordSerializer(DeadLetterEncoder encoder) {
        this.encoder = encoder;
    }

    public static String dlqTopicFor(String sourceTopic) {
        return sourceTopic + DLQ_SUFFIX;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        capped = context.getMetricGroup().counter("deadLettersCapped");
        dropped = context.getMetricGroup().counter("deadLettersDropped");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (capped == null) { // used without open(), e.g. in a unit test
            capped = new SimpleCounter();
            dropped = new SimpleCounter();
        }
        DeadLetterEncoder.Outcome[] outcome = new DeadLetterEncoder.Outcome[1];
        ProducerRecord<byte[], byte[]> record = encoder.encode(letter, outcome);
        if (outcome[0] == DeadLetterEncoder.Outcome.CAPPED) {
            capped.inc();
        } else if (outcome[0] == DeadLetterEncoder.Outcome.DROPPED) {
            dropped.inc();
        }
        return record;
    }

    long droppedCount() {
        return dropped == null ? 0 : dropped.getCount();
    }

    long cappedCount() {
        return capped == null ? 0 : capped.getCount();
    }

    static List<Header> headers(DeadLetter letter) {
        List<Header> headers = new ArrayList<>();
        add(headers, "id", letter.getId());
        add(headers, "stage", letter.getStage());
        add(headers, "reason", letter.getReason());
        add(headers, "event-id", letter.getEventId());
        add(headers, "event-type", letter.getEventType());
        add(headers, "aggregate-id", letter.getAggregateId());
        add(headers, "sequence", letter.getSequenceNumber());
        add(headers, "source-topic", letter.getSourceTopic());
        add(headers, "source-partition", letter.getPartition());
        add(headers, "source-offset", letter.getOffset());
        add(headers, "exception", letter.getExceptionClass());
        add(headers, "attempt", letter.getAttempt());
        add(headers, "job", letter.getJobName());
        add(headers, "failed-at", letter.getFailedAt());
        if (letter.getValueOmitted()) {
            add(headers, "value-omitted", "true");
        }
        return headers;
    }

    private static void add(List<Header> headers, String name, Object value) {
        if (value != null) {
            headers.add(new RecordHeader(HEADER_PREFIX + name, value.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    static {
        // the header named in the codec is the one written here
        if (!DeadLetterCodec.ID_HEADER.equals(HEADER_PREFIX + "id")) {
            throw new AssertionError(DeadLetterCodec.ID_HEADER);
        }
    }
}
