package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.sink.TestDatabase;
import io.eventline.deadletter.DeadLetter;
import io.eventline.deadletter.DeadLetterCodec;
import io.eventline.testkit.EmbeddedKafka;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter path of the real job ({@link OrderProjectionsJob#wire}) with the registry down from the start (a
 * registry URL where nothing listens: what the job sees of a stopped registry) and records too big for the DLQ
 * as they are: every dead letter is written, self-describing, readable by {@link DeadLetterCodec} without a
 * registry, capped to the DLQ topic's size limit, and the job keeps running.
 */
class DeadLetterPathITCase {

    private static final int DLQ_TOPIC_MAX_MESSAGE_BYTES = 200_000;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void withTheRegistryDownEveryDeadLetterIsWrittenSelfDescribingAndCappedAndTheJobKeepsRunning() throws Exception {
        String topic = "dlq-path-" + System.nanoTime();
        kafka.createTopics(1, Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024)), topic);
        // a DLQ topic smaller than the producer default: without aligning, a 150 kB value would be refused
        kafka.createTopics(1, Map.of("max.message.bytes", String.valueOf(DLQ_TOPIC_MAX_MESSAGE_BYTES)), topic + ".dlq");
        Path work = Files.createTempDirectory("eventline-dlq-path");
        JobOptions options = JobCommandLine.parse(
                "--job-name", "dlq-path",
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic,
                "--group-id", topic,
                "--registry-url", "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7", "--registry-outage-wait", "PT1S",
                "--starting-offsets", "earliest",
                "--jdbc-url", TestDatabase.POSTGRES.newDatabase("dlq_path"),
                "--create-tables",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "PT1S",
                "--parallelism", "1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                OrderProjectionsJob.flinkConfiguration(options));
        long wiring = System.nanoTime();
        OrderProjectionsJob.wire(env, options);
        long wiringMs = (System.nanoTime() - wiring) / 1_000_000;
        JobClient job = env.executeAsync("dlq-path");
        try {
            byte[] huge = filled(1024 * 1024 + 10);     // over Kafka's default 1 MiB on its own
            byte[] large = filled(150_000);              // under the 256 KiB cap, over what the DLQ topic leaves
            byte[] small = filled(10);
            byte[] framed = {0, 0, 0, 0, 99, 2, 4, 6};   // Confluent framing: needs schema 99 from the registry
            send(topic, huge, large, small, framed);

            assertThat(readRecords(topic + ".dlq", 4, Duration.ofSeconds(60))).hasSize(4);
            // a failing DLQ write would restart the job, replay the source and write the dead letters again
            List<ConsumerRecord<byte[], byte[]>> dlq = readRecords(topic + ".dlq", Integer.MAX_VALUE, Duration.ofSeconds(3));
            assertThat(dlq).hasSize(4);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

            Map<Long, DeadLetter> byOffset = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                assertThat(r.serializedValueSize()).isLessThanOrEqualTo(DLQ_TOPIC_MAX_MESSAGE_BYTES);
                assertThat(header(r, "dlq-encoding")).isEqualTo("avro-single-object");
                DeadLetter letter = DeadLetterCodec.decode(r.value(), header(r, DeadLetterCodec.ENCODING_HEADER), null);
                assertThat(header(r, DeadLetterCodec.ID_HEADER)).isEqualTo(letter.getId())
                        .isEqualTo(DeadLetterCodec.id(letter));
                ids.add(letter.getId());
                byOffset.put(letter.getOffset(), letter);
            }
            assertThat(ids).doesNotHaveDuplicates();

            assertOmitted(byOffset.get(0L), huge, topic, "malformed");
            assertOmitted(byOffset.get(1L), large, topic, "malformed");
            DeadLetter kept = byOffset.get(2L);
            assertThat(kept.getReason()).isEqualTo("malformed");
            assertThat(kept.getValueOmitted()).isFalse();
            assertThat(kept.getValue().array()).isEqualTo(small);
            DeadLetter unavailable = byOffset.get(3L);
            assertThat(unavailable.getStage()).isEqualTo("deserialize");
            assertThat(unavailable.getReason()).isEqualTo("registry-unavailable");
            assertThat(unavailable.getValue().array()).isEqualTo(framed);
            System.out.printf("DeadLetterPathITCase: wiring with the registry down took %d ms%n", wiringMs);
        } finally {
            job.cancel().get();
        }
    }

    private static void assertOmitted(DeadLetter letter, byte[] original, String topic, String reason) {
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getValue()).isNull();
        assertThat(letter.getValueOmitted()).isTrue();
        assertThat(letter.getValueSize()).isEqualTo(original.length);
        assertThat(letter.getValueSha256()).isEqualTo(DeadLetterCodec.sha256Hex(original));
        assertThat(letter.getSourceTopic()).isEqualTo(topic);
        assertThat(letter.getPartition()).isZero();
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 7); // neither magic byte 0 nor JSON: malformed
        return bytes;
    }

    private void send(String topic, byte[]... values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
    }

    /** Reads from the start until {@code atLeast} records have come or {@code timeout} has passed. */
    private List<ConsumerRecord<byte[], byte[]>> readRecords(String topic, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (records.size() >= atLeast) {
                    break;
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
