package io.eventline.saga;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.contracts.SagaTopics;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.saga.orchestrator.FulfilmentOrchestratorJob;
import io.eventline.saga.orchestrator.OrchestratorOptions;
import io.eventline.saga.participant.CommandHandler;
import io.eventline.saga.participant.FaultSwitches;
import io.eventline.saga.participant.InventoryHandler;
import io.eventline.saga.participant.ParticipantService;
import io.eventline.saga.participant.ParticipantTables;
import io.eventline.saga.participant.PaymentHandler;
import io.eventline.saga.participant.ShippingHandler;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The saga's world for the integration tests: the real broker, registry and PostgreSQL, the orchestrator job
 * on the test's MiniCluster, the three participant services (restartable, with their fault switches), and
 * readers of the tables and topics.
 */
final class SagaWorld implements AutoCloseable {

    static final String ORDERS = "saga-orders";
    /** Short timeouts for the fault tests; the benchmark (eventline.saga.bench) keeps them out of its way. */
    static final FulfilmentSaga.Timing TIMING = new FulfilmentSaga.Timing(
            Duration.ofSeconds(Boolean.getBoolean("eventline.saga.bench") ? 60 : 5), 3, Duration.ofMillis(200), 10,
            Duration.ofMinutes(10));

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final String jdbcUrl;
    private final Map<String, ParticipantService> participants = new HashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final EnvelopeRecordSerializer<EventEnvelope> orderSerializer;
    private JobClient job;
    private JobClient projections;

    SagaWorld(PostgresServer postgres, String database) throws Exception {
        jdbcUrl = postgres.createDatabase(database);
        ParticipantTables.create(jdbcUrl);
        kafka.createTopics(2, ORDERS, SagaTopics.INVENTORY_COMMANDS, SagaTopics.PAYMENT_COMMANDS,
                SagaTopics.SHIPPING_COMMANDS, SagaTopics.REPLIES, SagaTopics.REPLIES + ".dlq");
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        orderSerializer = OrderEnvelopes.serializer(RegistryConfig.of(registry.ccompatUrl()), ORDERS);
    }

    /** Submits the orchestrator with checkpoints every 300 ms and restarts on failure. */
    void startOrchestrator() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restartingConfig());
        env.enableCheckpointing(300);
        FulfilmentOrchestratorJob.wire(env, OrchestratorOptions.parse(
                "--bootstrap-servers", kafka.bootstrapServers(), "--orders-topic", ORDERS,
                "--registry-url", registry.ccompatUrl(), "--jdbc-url", jdbcUrl, "--create-tables",
                "--group-id", "saga-it", "--step-timeout", TIMING.stepTimeout().toString(),
                "--attempts", String.valueOf(TIMING.attempts()), "--initial-backoff", TIMING.initialBackoff().toString(),
                "--compensation-attempts", String.valueOf(TIMING.compensationAttempts()),
                "--finished-retention", TIMING.finishedRetention().toString(),
                // a killed TaskManager's open transaction holds read_committed participants back until it times out
                "--transaction-timeout", "PT10S"));
        job = env.executeAsync("order-fulfilment-saga (test)");
    }

    /**
     * Submits the order-projections job (jobs module, wired as in production) on the same orders topic and
     * database, so that order_summary shows what the saga's OrderCancelled events did.
     */
    void startOrderProjections() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restartingConfig());
        env.enableCheckpointing(500);
        OrderProjectionsJob.wire(env, JobCommandLine.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", ORDERS, "--registry-url", registry.ccompatUrl(), "--jdbc-url", jdbcUrl, "--create-tables",
                "--group-id", "saga-it-projections", "--starting-offsets", "earliest", "--sink-flush-interval", "PT0.2S"));
        projections = env.executeAsync("order-projections (saga test)");
    }

    private static Configuration restartingConfig() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        config.set(PipelineOptions.GENERIC_TYPES, false);
        return config;
    }

    JobClient job() {
        return job;
    }

    ParticipantService start(String name, FaultSwitches faults) {
        CommandHandler handler = switch (name) {
            case FulfilmentSaga.INVENTORY -> new InventoryHandler();
            case FulfilmentSaga.PAYMENT -> new PaymentHandler();
            default -> new ShippingHandler();
        };
        String topic = switch (name) {
            case FulfilmentSaga.INVENTORY -> SagaTopics.INVENTORY_COMMANDS;
            case FulfilmentSaga.PAYMENT -> SagaTopics.PAYMENT_COMMANDS;
            default -> SagaTopics.SHIPPING_COMMANDS;
        };
        ParticipantService service = new ParticipantService(handler, kafka.bootstrapServers(), topic,
                SagaTopics.REPLIES, jdbcUrl, faults).start();
        participants.put(name, service);
        return service;
    }

    void startAll(FaultSwitches faults) {
        for (String name : List.of(FulfilmentSaga.INVENTORY, FulfilmentSaga.PAYMENT, FulfilmentSaga.SHIPPING)) {
            start(name, faults);
        }
    }

    ParticipantService participant(String name) {
        return participants.get(name);
    }

    void stop(String name) throws InterruptedException {
        ParticipantService service = participants.remove(name);
        if (service != null) {
            service.close();
        }
    }

    void stopAll() throws InterruptedException {
        for (String name : List.copyOf(participants.keySet())) {
            stop(name);
        }
    }

    /** Publishes an OrderPlaced (Avro through the registry, as producers of the orders topic do). */
    void placeOrder(String orderId, String customerId, String total, Object... skuAndQuantity) {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.add(LineItem.newBuilder().setSku((String) skuAndQuantity[i]).setQuantity((Integer) skuAndQuantity[i + 1])
                    .setUnitPrice(new BigDecimal("1.00")).build());
        }
        EventEnvelope placed = EventEnvelope.newBuilder().setEventId("evt-" + orderId).setEventType("OrderPlaced")
                .setAggregateType("Order").setAggregateId(orderId).setSequenceNumber(1L)
                .setTimestamp(Instant.now()).setVersion("1.0")
                .setPayload(OrderPlaced.newBuilder().setOrderId(orderId).setCustomerId(customerId).setItems(items)
                        .setTotal(new BigDecimal(total)).setCurrency("EUR").build())
                .build();
        byte[] value = orderSerializer.serializeValue(placed);
        producer.send(new ProducerRecord<>(ORDERS, orderId, value));
        producer.flush();
    }

    /** Sends raw bytes as a reply (a stray, a duplicate, garbage). */
    void sendReply(String sagaId, byte[] value) {
        producer.send(new ProducerRecord<>(SagaTopics.REPLIES, sagaId, value));
        producer.flush();
    }

    /** Rows of a query, each as its columns joined by '|'. */
    List<String> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringJoiner row = new StringJoiner("|");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits until the condition holds; the failure shows the saga_instance rows. */
    void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        String sagas;
        try {
            sagas = String.join("\n", rows("SELECT * FROM saga_instance WHERE state NOT IN ('COMPLETED', 'COMPENSATED') ORDER BY saga_id"));
        } catch (Exception e) {
            sagas = e.toString();
        }
        throw new AssertionError("not within " + timeout + ": " + what + "; sagas not final:\n" + sagas);
    }

    /** Waits until these sagas are all in a final state in saga_instance. */
    void awaitFinal(Duration timeout, String... sagaIds) throws InterruptedException {
        String in = "'" + String.join("','", sagaIds) + "'";
        this.await("sagas " + in + " final", timeout, () -> {
            try {
                return rows("SELECT count(*) FROM saga_instance WHERE saga_id IN (" + in
                        + ") AND state IN ('COMPLETED', 'COMPENSATED')").get(0).equals(String.valueOf(sagaIds.length));
            } catch (Exception e) {
                return false; // the table is created by the job's sink on its start
            }
        });
    }

    /** Committed records of a topic with this key (null: all), values as read by {@code decode}. */
    <T> List<T> committed(String topic, String key, Decoder<T> decode) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key == null || key.equals(r.key())) {
                        out.add(decode.decode(r.value()));
                    }
                }
            }
        }
        return out;
    }

    interface Decoder<T> {
        T decode(byte[] value) throws Exception;
    }

    /**
     * An order event as the registry serializer wrote it: magic byte, 4-byte schema id, then Avro binary written
     * with this build's EventEnvelope schema (the one it registered).
     */
    static EventEnvelope orderEvent(byte[] value) throws Exception {
        ByteBuffer body = ByteBuffer.wrap(value, 5, value.length - 5);
        return new SpecificDatumReader<>(EventEnvelope.class).read(null,
                DecoderFactory.get().binaryDecoder(body.array(), 5, value.length - 5, null));
    }

    @Override
    public void close() throws Exception {
        stopAll();
        for (JobClient j : new JobClient[] {job, projections}) {
            if (j != null) {
                j.cancel().get();
            }
        }
        producer.close();
    }
}
