package io.eventline.saga.participant;

import io.eventline.saga.SagaMessages;
import io.eventline.sagas.SagaCommand;
import io.eventline.sagas.SagaReply;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A saga participant as a service: a Kafka consumer (read_committed, so it sees only commands of completed
 * orchestrator checkpoints) of its command topic, applying each polled batch of commands in one PostgreSQL
 * transaction, each command together with a row in {@code <name>_commands} (command id → reply); the replies are
 * sent once that transaction committed. A command id seen before is not applied again: its
 * stored reply is sent again, with the same reply id. Offsets are committed after the replies were sent, so a
 * crash in between redelivers the command, which then only re-sends the reply. Plain Kafka clients: the service
 * is the participant's own process, not a Flink job.
 */
public final class ParticipantService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantService.class);

    private final CommandHandler handler;
    private final String bootstrapServers;
    private final String commandTopic;
    private final String replyTopic;
    private final String jdbcUrl;
    private final FaultSwitches faults;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean crashed;
    private Thread thread;
    private String instanceId;

    public ParticipantService(CommandHandler handler, String bootstrapServers, String commandTopic, String replyTopic,
            String jdbcUrl, FaultSwitches faults) {
        this.handler = handler;
        this.bootstrapServers = bootstrapServers;
        this.commandTopic = commandTopic;
        this.replyTopic = replyTopic;
        this.jdbcUrl = jdbcUrl;
        this.faults = faults;
    }

    /**
     * Static group membership ({@code group.instance.id}): a process that crashed and was started again with the
     * same id takes its partitions back at once, instead of waiting a session timeout (45 s) for the dead
     * member to be dropped from the group. One id per running instance. Null (the default): dynamic membership.
     */
    public ParticipantService instanceId(String id) {
        this.instanceId = id;
        return this;
    }

    /** Runs the service on a thread of its own. */
    public ParticipantService start() {
        thread = new Thread(this, handler.name() + "-service");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Commands applied (first deliveries) by this instance. */
    public long applied() {
        return applied.get();
    }

    /** Command records that could not be decoded: logged with their coordinates and skipped. */
    public long malformed() {
        return malformed.get();
    }

    public boolean crashed() {
        return crashed;
    }

    @Override
    public void run() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "saga-participant-" + handler.name());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        if (instanceId != null) {
            c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                Connection db = DriverManager.getConnection(jdbcUrl)) {
            db.setAutoCommit(false);
            consumer.subscribe(List.of(commandTopic));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                // One transaction per polled batch (one commit, one fsync); replies only after it committed.
                List<Answer> answers = new ArrayList<>();
                try {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        Answer answer = process(db, record);
                        if (answer != null) {
                            answers.add(answer);
                        }
                    }
                    db.commit();
                } catch (SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                }
                applied.addAndGet(answers.stream().filter(Answer::applied).count());
                for (Answer answer : answers) {
                    send(producer, answer);
                }
                producer.flush();
                consumer.commitSync();
            }
        } catch (Crash e) {
            crashed = true;
            LOG.warn("{} service crashed (injected) after applying {}", handler.name(), e.getMessage());
        } catch (Exception e) {
            crashed = true;
            LOG.error("{} service stopped", handler.name(), e);
        }
    }

    /** A reply, and whether its command was applied now (not answered from the stored reply). */
    private record Answer(SagaReply reply, boolean applied) {}

    /** Decodes and applies one command in the open transaction; its answer, or null for an undecodable record. */
    private Answer process(Connection db, ConsumerRecord<String, byte[]> record) throws SQLException, InterruptedException {
        SagaCommand command;
        try {
            command = SagaMessages.command(record.value());
        } catch (IOException | RuntimeException e) {
            // A participant cannot answer what it cannot read: no saga id. The orchestrator's timeout takes over.
            malformed.incrementAndGet();
            LOG.error("{}: undecodable command at {}-{}@{} skipped: {}", handler.name(), record.topic(),
                    record.partition(), record.offset(), e.toString());
            return null;
        }
        if (faults.slowMillis() > 0) {
            Thread.sleep(faults.slowMillis());
        }
        return applyOnce(db, command);
    }

    /**
     * Sends a reply after its transaction committed, through the crash, drop and duplicate switches. The crash
     * switch draws only for a command applied now: drawn for the stored replies of redeliveries too, a restarted
     * service re-reading a batch of 100 redelivered commands crashed again before committing its offsets with
     * a probability of 1 - (1 - p)^100 (87 % at p = 0.02), and crash-looped on the same batch for minutes
     * (found by the saga fault suite on the standalone cluster).
     */
    private void send(KafkaProducer<String, byte[]> producer, Answer answer) {
        SagaReply reply = answer.reply();
        if (answer.applied() && faults.crash()) {
            throw new Crash(reply.getCommandId());
        }
        if (faults.drop()) {
            LOG.info("{}: reply {} to {} dropped (injected)", handler.name(), reply.getReplyType(), reply.getCommandId());
            return;
        }
        byte[] value = SagaMessages.encode(reply);
        int copies = faults.duplicate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            producer.send(new ProducerRecord<>(replyTopic, reply.getSagaId(), value));
        }
    }

    /** Applies the command unless its id was seen (also earlier in this transaction); the reply, stored or new. */
    private Answer applyOnce(Connection db, SagaCommand command) throws SQLException {
        String table = handler.name() + "_commands";
        try (PreparedStatement select = db.prepareStatement(
                "SELECT reply_id, reply_type, reason FROM " + table + " WHERE command_id = ?")) {
            select.setString(1, command.getCommandId());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return new Answer(reply(command, rs.getString(1), new Decision(rs.getString(2), rs.getString(3))), false);
                }
            }
        }
        String failure = handler.failureReply(command);
        Decision decision = failure != null && faults.fail()
                ? Decision.refused(failure, "injected failure") : handler.handle(db, command);
        String replyId = UUID.randomUUID().toString();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO " + table + " (command_id, reply_id, reply_type, reason) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, command.getCommandId());
            insert.setString(2, replyId);
            insert.setString(3, decision.replyType());
            insert.setString(4, decision.reason());
            insert.executeUpdate();
        }
        return new Answer(reply(command, replyId, decision), true);
    }

    private SagaReply reply(SagaCommand command, String replyId, Decision decision) {
        return SagaReply.newBuilder().setReplyId(replyId).setCommandId(command.getCommandId())
                .setSagaId(command.getSagaId()).setStep(command.getStep()).setReplyType(decision.replyType())
                .setReason(decision.reason()).setParticipant(handler.name()).setRepliedAt(Instant.now()).build();
    }

    /** Waits until the service stopped or crashed. */
    public void join() throws InterruptedException {
        thread.join();
    }

    /** Stops the service and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(30_000);
        }
    }

    /** An injected crash: thrown past the loop so that nothing is committed or closed gracefully. */
    private static final class Crash extends RuntimeException {
        Crash(String commandId) {
            super(commandId, null, false, false);
        }
    }
}
