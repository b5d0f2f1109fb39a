package io.eventline.jobs.orders.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.corpus.BadInput.ExpectedDeadLetter;
import io.eventline.jobs.orders.corpus.BadInput.ExpectedRow;
import io.eventline.jobs.orders.corpus.BadInput.Header;
import io.eventline.jobs.orders.corpus.BadInput.Sent;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of {@link BadInputCorpus} through a real Kafka topic into the running job, wired as in production,
 * with no restart strategy (so any failure of the job fails it for good and is seen): for each kind the exact
 * dead letters (by stage and reason, at the offsets of its records) or the exact applied rows; the control orders
 * between the kinds are applied exactly; no dead letter that no kind expects; the job still running at the end.
 */
class BadInputCorpusITCase {

    private static final int CONTROL_ORDERS = 20;
    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private static EmbeddedKafka kafka;
    private static String topic;
    private static Path database;
    private static JobClient job;
    private static final List<BadInput> KINDS = new ArrayList<>();
    private static final List<BadInput> CONTROLS = new ArrayList<>();
    /** Offsets of every kind's records, in the order of {@link BadInput#records()}. */
    private static final Map<BadInput, List<Long>> OFFSETS = new HashMap<>();
    private static List<DeadLetter> deadLetters;
    private static Map<String, ExpectedRow> rows;

    @BeforeAll
    static void sendTheCorpusThroughTheJob() throws Exception {
        kafka = EmbeddedKafka.shared();
        ApicurioRegistry registry = ApicurioRegistry.shared();
        topic = "corpus-" + System.nanoTime();
        kafka.createTopics(1, Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)), topic, topic + ".dlq");
        int envelopeId = register(registry, topic + "-value", EventEnvelope.getClassSchema().toString());
        int otherId = register(registry, topic + "-other-value", DeadLetter.getClassSchema().toString());
        KINDS.addAll(BadInputCorpus.all(avroWriter(envelopeId, otherId)));
        CONTROLS.addAll(BadInputCorpus.controls(CONTROL_ORDERS));
        assertThat(KINDS).hasSizeGreaterThanOrEqualTo(30);

        Path work = Files.createTempDirectory("eventline-corpus");
        database = work.resolve("corpus.db");
        JobOptions options = JobCommandLine.parse(
                "--job-name", "corpus",
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", topic,
                "--group-id", topic,
                "--registry-url", registry.ccompatUrl(),
                "--starting-offsets", "earliest",
                "--jdbc-url", "jdbc:sqlite:" + database,
                "--create-tables",
                "--sink-flush-interval", "PT0.2S",
                "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "PT2S");
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        // No restarts: a record that fails the job would otherwise be hidden behind a restart loop.
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        OrderProjectionsJob.wire(env, options);
        job = env.executeAsync("corpus");

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            int control = 0;
            for (BadInput kind : KINDS) {
                OFFSETS.put(kind, send(producer, kind));
                // Ordinary traffic between the bad records: it must not notice them.
                for (int i = 0; i < CONTROL_ORDERS / 10 && control < CONTROLS.size(); i++) {
                    BadInput c = CONTROLS.get(control++);
                    OFFSETS.put(c, send(producer, c));
                }
            }
            while (control < CONTROLS.size()) {
                BadInput c = CONTROLS.get(control++);
                OFFSETS.put(c, send(producer, c));
            }
        }

        int expectedDeadLetters = KINDS.stream().mapToInt(k -> k.deadLetters().size()).sum();
        int expectedRows = KINDS.stream().mapToInt(k -> k.rows().size()).sum() + CONTROLS.size();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        do {
            Thread.sleep(500);
            assertThat(job.getJobStatus().get()).as("job status").isEqualTo(JobStatus.RUNNING);
            deadLetters = readDeadLetters();
            rows = readRows();
        } while ((deadLetters.size() < expectedDeadLetters || rows.size() < expectedRows)
                && System.nanoTime() < deadline);
        // Anything late that should not be there at all.
        Thread.sleep(3_000);
        deadLetters = readDeadLetters();
        rows = readRows();
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    static List<BadInput> kinds() {
        return KINDS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eachKindHasExactlyItsOutcome(BadInput kind) {
        // Dead letters of the source stages carry the record's coordinates; those of the ordering and projection
        // stages carry the event's identity (the operators see events, not records): matched by aggregate there.
        List<Long> offsets = OFFSETS.get(kind);
        List<String> aggregates = kind.records().stream()
                .map(s -> s.key() == null ? "" : new String(s.key(), StandardCharsets.UTF_8)).toList();
        List<String> expected = new ArrayList<>();
        for (ExpectedDeadLetter d : kind.deadLetters()) {
            boolean sourceStage = d.stage().equals("deserialize") || d.stage().equals("validate");
            expected.add((sourceStage ? "offset " + offsets.get(d.record()) : "aggregate " + aggregates.get(d.record()))
                    + " " + d.stage() + "/" + d.reason());
        }
        List<String> actual = new ArrayList<>();
        for (DeadLetter d : deadLetters) {
            if (d.getOffset() != null && offsets.contains(d.getOffset()) && topic.equals(d.getSourceTopic())) {
                actual.add("offset " + d.getOffset() + " " + d.getStage() + "/" + d.getReason());
            } else if (d.getOffset() == null && d.getAggregateId() != null && aggregates.contains(d.getAggregateId())) {
                actual.add("aggregate " + d.getAggregateId() + " " + d.getStage() + "/" + d.getReason());
            }
        }
        assertThat(actual).as("dead letters of " + kind + " (where stage/reason)")
                .containsExactlyInAnyOrderElementsOf(expected);
        for (ExpectedRow row : kind.rows()) {
            assertThat(rows.get(row.orderId())).as("row of " + abbreviate(row.orderId())).isEqualTo(row);
        }
    }

    @Test
    void theControlOrdersAreUnaffected() {
        for (BadInput control : CONTROLS) {
            ExpectedRow row = control.rows().get(0);
            assertThat(rows.get(row.orderId())).as(row.orderId()).isEqualTo(row);
        }
    }

    @Test
    void noDeadLetterThatNoKindExpectsAndNoStrayRow() {
        int expected = KINDS.stream().mapToInt(k -> k.deadLetters().size()).sum();
        assertThat(deadLetters).as("all dead letters").hasSize(expected);
        int expectedRows = KINDS.stream().mapToInt(k -> k.rows().size()).sum() + CONTROLS.size();
        assertThat(rows).as("all rows").hasSize(expectedRows);
    }

    @Test
    void theJobNeverFailed() throws Exception {
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void oversizeValuesAreCappedInTheirDeadLetter() {
        for (DeadLetter d : deadLetters) {
            int kept = d.getValue() == null ? 0 : d.getValue().remaining();
            assertThat(kept).as("value bytes kept in the dead letter at offset " + d.getOffset())
                    .isLessThanOrEqualTo(1024 * 1024);
        }
    }

    // ---------------------------------------------------------------- Kafka, registry, database

    private static List<Long> send(KafkaProducer<byte[], byte[]> producer, BadInput kind) throws Exception {
        List<Long> offsets = new ArrayList<>();
        for (Sent s : kind.records()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, s.key(), s.value());
            for (Header h : s.headers()) {
                record.headers().add(h.name(), h.value().getBytes(StandardCharsets.UTF_8));
            }
            offsets.add(producer.send(record).get().offset());
        }
        return offsets;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<DeadLetter> readDeadLetters() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition dlq = new TopicPartition(topic + ".dlq", 0);
            consumer.assign(List.of(dlq));
            consumer.seekToBeginning(List.of(dlq));
            long end = consumer.endOffsets(List.of(dlq)).get(dlq);
            while (consumer.position(dlq) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(decodeDeadLetter(r.value()));
                }
            }
        }
        return letters;
    }

    /**
     * The Avro body of a dead letter, read with the record's own schema: in the Confluent wire format (magic byte
     * and schema id first) or in Avro's single-object encoding.
     */
    private static DeadLetter decodeDeadLetter(byte[] value) throws Exception {
        if (value.length > 2 && (value[0] & 0xff) == 0xC3 && value[1] == 0x01) {
            return DeadLetter.getDecoder().decode(value);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        return new SpecificDatumReader<>(DeadLetter.class).read(null, decoder);
    }

    private static Map<String, ExpectedRow> readRows() throws Exception {
        Map<String, ExpectedRow> found = new HashMap<>();
        if (!Files.exists(database)) {
            return found;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT order_id, status, version, total, currency FROM order_summary")) {
                while (r.next()) {
                    found.put(r.getString(1), new ExpectedRow(r.getString(1), r.getString(2), r.getLong(3),
                            r.getString(4), r.getString(5)));
                }
            } catch (java.sql.SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("no such table")) {
                    throw e;
                }
            }
        }
        return found;
    }

    /** Registers a schema through the Confluent-compatible API, as any producer's serializer does. */
    private static int register(ApicurioRegistry registry, String subject, String schema) throws Exception {
        String body = BadInputCorpus.JSON.writeValueAsString(Map.of("schema", schema));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return BadInputCorpus.JSON.readTree(response.body()).get("id").asInt();
    }

    private static BadInputCorpus.AvroWriter avroWriter(int envelopeId, int otherId) {
        return new BadInputCorpus.AvroWriter() {
            @Override
            public byte[] placed(String orderId, UnaryOperator<EventEnvelope> edit) throws Exception {
                EventEnvelope event = edit.apply(EventEnvelope.newBuilder()
                        .setEventId("evt-" + orderId + "-1").setEventType("OrderPlaced").setAggregateType("Order")
                        .setAggregateId(orderId).setSequenceNumber(1L)
                        .setTimestamp(Instant.parse("2026-12-01T10:00:00Z")).setVersion("1.0")
                        .setPayload(new OrderPlaced(orderId, "cust-corpus",
                                List.of(new LineItem("SKU-1", 2, new BigDecimal("10.00"))),
                                new BigDecimal("20.00"), "EUR"))
                        .build());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(0);
                out.write(ByteBuffer.allocate(4).putInt(envelopeId).array());
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<>(EventEnvelope.class).write(event, encoder);
                encoder.flush();
                return out.toByteArray();
            }

            @Override
            public int otherSubjectSchemaId() {
                return otherId;
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
