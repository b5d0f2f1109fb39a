package io.eventline.common.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetterEncoder;
import io.eventline.common.deadletter.DeadLetterEncoding;
import io.eventline.common.deadletter.KafkaDeadLetterOutput;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import io.eventline.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A version conflict found by the sink in a running job reaches the DLQ topic through the sink's own producer. */
class VersionConflictToKafkaITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void theConflictIsWrittenOnceWithItsIdAndTheStoredRowKept() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String dlq = "rows-" + System.nanoTime() + ".dlq";
        kafka.createTopics(1, dlq);
        String url = TestDatabase.SQLITE.newDatabase("conflict_kafka");
        TestDatabase.execute(url, EventRow.DDL);
        TestDatabase.execute(url, "INSERT INTO event_rows VALUES ('a', 'e1', 1)");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).batchSize(10).batchIntervalMs(0).build();
        DeadLetterEncoder encoder = new DeadLetterEncoder(DeadLetterEncoding.singleObject(), dlq,
                DeadLetterEncoder.DEFAULT_MAX_VALUE_BYTES, DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(List.of(EventRow.of("a", "e2", 1), EventRow.of("b", "e3", 1)), TypeInformation.of(EventRow.class))
                .sinkTo(new MergingUpsertSink<>(EventRow.TABLE, settings, List.of(),
                        new KafkaDeadLetterOutput(kafka.bootstrapServers(), encoder), "conflict-job"));
        env.execute("conflict to kafka");

        assertThat(TestDatabase.dump(url, "event_rows")).isEqualTo(
                "id=a|last_event_id=e1|version=1\nid=b|last_event_id=e3|version=1");
        List<ConsumerRecord<byte[], byte[]>> records = read(kafka, dlq, 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        DeadLetter letter = DeadLetterCodec.decode(r.value(),
                new String(r.headers().lastHeader(DeadLetterCodec.ENCODING_HEADER).value(), StandardCharsets.UTF_8),
                null);
        assertThat(letter.getStage()).isEqualTo("sink");
        assertThat(letter.getReason()).isEqualTo("version-conflict");
        assertThat(letter.getAggregateId()).isEqualTo("a");
        assertThat(letter.getEventId()).isEqualTo("e2");
        assertThat(letter.getJobName()).isEqualTo("conflict-job");
        assertThat(new String(r.headers().lastHeader(DeadLetterCodec.ID_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(letter.getId()).isEqualTo(DeadLetterCodec.id(letter));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("a");
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // read until the expected count, then one more poll to see that nothing else follows
            while (System.nanoTime() < deadline && records.size() < expected) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}
