package io.eventline.cli.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.cli.codec.SingleObjectEnvelope;
import io.eventline.cli.codec.WireFormat;
import io.eventline.contracts.ReplayHeaderNames;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.RecordHeader;
import io.eventline.events.EventEnvelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Republishes dead letters to their source topic (or another one) and records them in the {@link ReplayLog}, all
 * in one Kafka transaction.
 *
 * <p>Each record gets the dead letter's key (the aggregateId where the dead letter has none: that is how the
 * source topic is keyed, so the replay lands in the aggregate's partition, behind its live events), its original
 * headers without earlier replay headers, and {@link ReplayHeaderNames} ({@code eventline-replay-of},
 * {@code -stage}, {@code -reason}, {@code eventline-attempt} = the dead letter's attempt + 1). Values written by
 * the job's later stages are the event in Avro single-object encoding ({@link SingleObjectEnvelope}); they are
 * re-encoded in the source topic's format, the Confluent wire format under {@code <topic>-value}. Other values
 * are the original bytes and go out unchanged. One producer, sent in plan order: per partition, Kafka keeps that
 * order, so one aggregate's replays arrive in sequence order.
 */
public final class Replayer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dlqTopic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final WireFormat wire;

    /** What was sent for one dead letter. */
    public record Sent(DlqRecord deadLetter, String topic, int partition, long offset) {}

    public Replayer(String bootstrapServers, String dlqTopic, WireFormat wire) {
        this.dlqTopic = dlqTopic;
        this.wire = wire;
        ReplayLog.ensureTopic(bootstrapServers, dlqTopic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // One transactional id per DLQ: a second replay of the same DLQ running at once is fenced (its commit
        // fails), and initTransactions aborts whatever a crashed earlier run left open.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eventline-dlq-replay-" + dlqTopic);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** Publishes the plan to {@code targetTopic} and records it; nothing is visible unless all of it is. */
    public List<Sent> replay(ReplayPlan plan, String targetTopic) throws Exception {
        List<Sent> sent = new ArrayList<>();
        if (plan.send().isEmpty() && plan.duplicates().isEmpty()) {
            return sent;
        }
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (DlqRecord record : plan.send()) {
                futures.add(producer.send(toSource(record, targetTopic)));
            }
            for (int i = 0; i < futures.size(); i++) {
                RecordMetadata meta = futures.get(i).get();
                DlqRecord record = plan.send().get(i);
                sent.add(new Sent(record, meta.topic(), meta.partition(), meta.offset()));
                producer.send(logRecord(record, meta.topic(), meta.partition(), meta.offset(), null));
            }
            for (Map.Entry<DlqRecord, DlqRecord> dup : plan.duplicates().entrySet()) {
                producer.send(logRecord(dup.getKey(), targetTopic, -1, -1, dup.getValue().position()));
            }
            producer.commitTransaction();
        } catch (Exception e) {
            producer.abortTransaction();
            throw e;
        }
        return sent;
    }

    ProducerRecord<byte[], byte[]> toSource(DlqRecord record, String targetTopic) throws Exception {
        DeadLetter letter = record.letter();
        byte[] value = bytes(letter.getValue());
        if (SingleObjectEnvelope.isSingleObject(value)) {
            EventEnvelope event = SingleObjectEnvelope.decode(value);
            event.setReplay(null); // replay metadata travels in headers only
            value = wire.encode(event, targetTopic + "-value"); // as the job's EnvelopeRecordSerializer writes it
        }
        byte[] key = bytes(letter.getKey());
        if (key == null && letter.getAggregateId() != null) {
            key = letter.getAggregateId().getBytes(StandardCharsets.UTF_8);
        }
        Long timestamp = letter.getRecordTimestamp() == null ? null : letter.getRecordTimestamp().toEpochMilli();
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(targetTopic, null, timestamp, key, value);
        for (RecordHeader h : letter.getHeaders()) {
            if (!ReplayHeaderNames.ALL.contains(h.getKey())) {
                out.headers().add(h.getKey(), bytes(h.getValue()));
            }
        }
        out.headers().add(ReplayHeaderNames.REPLAY_OF, utf8(dlqTopic + ":" + record.position()));
        out.headers().add(ReplayHeaderNames.REPLAY_STAGE, utf8(letter.getStage()));
        out.headers().add(ReplayHeaderNames.REPLAY_REASON, utf8(letter.getReason()));
        out.headers().add(ReplayHeaderNames.ATTEMPT, utf8(String.valueOf(letter.getAttempt() + 1)));
        return out;
    }

    private ProducerRecord<byte[], byte[]> logRecord(DlqRecord record, String topic, int partition, long offset,
            String duplicateOf) throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("replayedAt", Instant.now().toString());
        value.put("to", topic);
        if (duplicateOf == null) {
            value.put("partition", partition);
            value.put("offset", offset);
        } else {
            value.put("duplicateOf", duplicateOf);
        }
        value.put("eventId", record.eventId());
        value.put("reason", record.reason());
        return new ProducerRecord<>(ReplayLog.topicFor(dlqTopic), utf8(record.position()),
                JSON.writeValueAsBytes(value));
    }

    public static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

}
