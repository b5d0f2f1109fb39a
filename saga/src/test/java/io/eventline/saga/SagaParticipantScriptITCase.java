package io.eventline.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.contracts.SagaTopics;
import io.eventline.saga.participant.ParticipantTables;
import io.eventline.sagas.FulfilmentItem;
import io.eventline.sagas.FulfilmentOrder;
import io.eventline.sagas.SagaCommand;
import io.eventline.sagas.SagaReply;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/scripts/saga-participant.sh inventory ...} as README.md "Sagas" runs it: a process of its own
 * against the real broker and PostgreSQL. It creates its tables, answers a ReserveInventory (and its redelivery
 * with the same reply), and stops on SIGTERM (exit status 143, the JVM's for SIGTERM).
 */
class SagaParticipantScriptITCase {

    @Test
    void theInventoryServiceRunsAsAProcessAnswersOnceAndStopsOnSigterm() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        kafka.createTopics(2, SagaTopics.INVENTORY_COMMANDS, SagaTopics.REPLIES);
        String jdbcUrl = PostgresServer.shared().createDatabase("saga_script");
        ParticipantTables.create(jdbcUrl);
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("INSERT INTO inventory_stock VALUES ('S-SKU', 5)");
        }
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path log = Files.createTempFile("saga-participant", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/scripts/saga-participant.sh").toString(),
                "inventory", "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url", jdbcUrl, "--create-tables")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"));
        Process process = builder.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(kafka),
                new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> replies = new KafkaConsumer<>(consumerProperties(kafka),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
            replies.subscribe(List.of(SagaTopics.REPLIES));
            byte[] command = SagaMessages.encode(reserve("script-1"));
            producer.send(new ProducerRecord<>(SagaTopics.INVENTORY_COMMANDS, "script-1", command));
            producer.send(new ProducerRecord<>(SagaTopics.INVENTORY_COMMANDS, "script-1", command)); // redelivered
            producer.flush();
            List<SagaReply> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (answers.size() < 2 && System.nanoTime() < deadline && process.isAlive()) {
                for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(200))) {
                    if (!"script-1".equals(r.key())) {
                        continue; // the shared broker's replies topic also holds other tests' (malformed ones too)
                    }
                    SagaReply reply = SagaMessages.reply(r.value());
                    if (reply.getSagaId().equals("script-1")) {
                        answers.add(reply);
                    }
                }
            }
            assertThat(answers).as(Files.readString(log)).hasSize(2);
            assertThat(answers).extracting(SagaReply::getReplyType).containsOnly("InventoryReserved");
            assertThat(answers.get(1).getReplyId()).isEqualTo(answers.get(0).getReplyId());
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT available FROM inventory_stock WHERE sku = 'S-SKU'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(log)).contains("inventory service: inventory-commands -> saga-replies");
    }

    private static SagaCommand reserve(String sagaId) {
        return SagaCommand.newBuilder().setCommandId(sagaId + "/inventory").setSagaId(sagaId)
                .setSagaType(FulfilmentSaga.TYPE).setStep(FulfilmentSaga.INVENTORY)
                .setCommandType(FulfilmentSaga.RESERVE_INVENTORY).setAttempt(1).setIssuedAt(Instant.now())
                .setPayload(FulfilmentOrder.newBuilder().setOrderId(sagaId).setCustomerId("c")
                        .setItems(List.of(FulfilmentItem.newBuilder().setSku("S-SKU").setQuantity(2).build()))
                        .setAmount(new BigDecimal("2.00")).setCurrency("EUR").build())
                .build();
    }

    private static Properties producerProperties(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static Properties consumerProperties(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "saga-script-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }
}
