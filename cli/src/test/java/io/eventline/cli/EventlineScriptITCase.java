package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.cli.query.ReadModelFixture;
import io.eventline.common.deadletter.DeadLetterEncoder;
import io.eventline.common.deadletter.DeadLetterEncoding;
import io.eventline.common.deadletter.DeadLetterRecordSerializer;
import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.contracts.DeadLetterTopics;
import io.eventline.deadletter.DeadLetter;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/scripts/eventline.sh} itself, as the README's commands run it: a process running the runnable
 * jar, against a real broker (dead letters written by the job's own serializer, through the real registry) and a
 * real SQLite file. Runs after {@code package} (cli/pom.xml binds it to {@code integration-test}).
 */
class EventlineScriptITCase {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.shared();
    static final ApicurioRegistry REGISTRY = ApicurioRegistry.shared();
    static final String TOPIC = "script-" + System.nanoTime();

    @BeforeAll
    static void threeDeadLetters() throws Exception {
        String dlq = DeadLetterTopics.dlqTopicFor(TOPIC);
        KAFKA.createTopics(1, TOPIC, dlq);
        // As the job writes them: the schema registered once at start, then Confluent-framed values.
        DeadLetterRecordSerializer serializer = new DeadLetterRecordSerializer(new DeadLetterEncoder(
                DeadLetterEncoding.resolve(RegistryConfig.of(REGISTRY.ccompatUrl()), dlq), dlq,
                DeadLetterEncoder.DEFAULT_MAX_VALUE_BYTES, DeadLetterEncoder.DEFAULT_MAX_RECORD_BYTES));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DeadLetter letter : new DeadLetter[] {
                    letter(Stage.PROJECT, "unknown-aggregate", "OrderShipped", "2025-06-28T10:05:00Z"),
                    letter(Stage.PROJECT, "unknown-aggregate", "PaymentAuthorized", "2025-06-28T10:20:00Z"),
                    letter(Stage.ORDER, "gap-timeout", null, "2025-06-28T11:01:00Z")}) {
                producer.send(serializer.serialize(letter, null, null)).get();
            }
        }
    }

    static DeadLetter letter(Stage stage, String reason, String eventType, String failedAt) {
        return DeadLetters.builder(stage, reason, "failed", "script-test")
                .setFailedAt(Instant.parse(failedAt))
                .setSourceTopic(TOPIC)
                .setAggregateId("ord-1")
                .setEventType(eventType)
                // Distinct events, as the job's dead letters are: the dead-letter id is derived from them.
                .setEventId(eventType == null ? null : "evt-ord-1-" + eventType)
                .build();
    }

    @Test
    void helpListsTheCommands() throws Exception {
        ShippedCli.Result help = ShippedCli.run("--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: eventline [-hV] [COMMAND]")
                .contains("\n  query  Read the order read models", "\n  dlq    Inspect, replay and unpark");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void dlqStatsCountsTheDeadLettersOnTheBroker() throws Exception {
        ShippedCli.Result stats = ShippedCli.run("dlq", "stats", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic", TOPIC, "--registry-url", REGISTRY.ccompatUrl());
        assertThat(stats).isEqualTo(new ShippedCli.Result(0, String.join("\n",
                "dlq     " + TOPIC + ".dlq",
                "total   3",
                "oldest  2025-06-28T10:05:00Z",
                "newest  2025-06-28T11:01:00Z",
                "",
                "reason             count",
                "-----------------  -----",
                "gap-timeout        1",
                "unknown-aggregate  2",
                "",
                "stage    count",
                "-------  -----",
                "order    1",
                "project  2",
                "",
                "event_type         count",
                "-----------------  -----",
                "(none)             1",
                "OrderShipped       1",
                "PaymentAuthorized  1",
                "",
                "hour                  count",
                "--------------------  -----",
                "2025-06-28T10:00:00Z  2",
                "2025-06-28T11:00:00Z  1", ""), ""));
    }

    @Test
    void queryReadsAnSqliteFile() throws Exception {
        String url = ReadModelFixture.database(TestDatabase.SQLITE);
        ShippedCli.Result order = ShippedCli.run("query", "order", "ord-1", "--jdbc-url", url);
        assertThat(order).isEqualTo(new ShippedCli.Result(0, ReadModelFixture.ORD1_TABLE, ""));
        assertThat(ShippedCli.run("query", "order", "ord-404", "--jdbc-url", url))
                .isEqualTo(new ShippedCli.Result(1, "", "order ord-404 not found\n"));
    }

    @Test
    void aBadInvocationSaysWhatIsWrongInOneLine() throws Exception {
        assertThat(ShippedCli.run("dlq", "stats", "--bogus")).isEqualTo(new ShippedCli.Result(2, "",
                "error: Unknown option: '--bogus' (see: eventline dlq stats --help)\n"));
        assertThat(ShippedCli.run("query", "order", "ord-1", "--jdbc-url", "jdbc:mysql://h/db").exitCode())
                .isEqualTo(2);
    }
}
