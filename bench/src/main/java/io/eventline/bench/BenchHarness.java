package io.eventline.bench;

import io.eventline.common.ordering.GapPolicy;
import io.eventline.common.ordering.OrderingConfig;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.contracts.JdbcCredentials;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.RowBinder;
import io.eventline.contracts.SqlDialect;
import io.eventline.common.sink.SqlScripts;
import io.eventline.common.sink.UpsertTable;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderReadModels;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ReadModelTables;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end benchmark (bench/run.sh): one workload in a real Kafka topic, six runs on it in turn, each
 * checked against the workload's independently computed expected result.
 *
 * <h2>Bounded or unbounded</h2>
 * Every Flink run reads the preloaded topic with an <em>unbounded</em> KafkaSource and is stopped by the harness
 * once the expected state is observed. With {@code setBounded(latest())} the job would end at the last offset, and
 * processing-time gap timers do not fire after end of input: the orders behind a permanent gap would never be
 * released, so the result would depend on when the input ended. Instead the gap timeout is small against the run
 * (10 s; 5 s in quick mode) and the workload puts permanent gaps only where the event after the gap comes in the
 * first 80% of the stream, so they are released while the run still reads; the harness stops the job when the
 * sinks hold exactly the expected versions. Displaced (out-of-order) events arrive at most {@code holdWindow}
 * (1000) records after their first successor. The gap timeout must still exceed the longest time the operator
 * may go on firing timers while the channel carrying a displaced event is stalled (backpressure, checkpoint
 * alignment, a busy machine): with 3 s, RocksDB runs on a loaded 2-core machine occasionally dead-lettered a
 * displaced event as late-after-skip, and the check caught it. The wall-clock of a run is from the job being
 * RUNNING until the expected state was first observed (polling every 100 ms; 200 ms for PostgreSQL).
 */
public final class BenchHarness {

    static final String TOPIC = "bench-orders";
    static final String JOB = "bench";

    private final BenchOptions o;
    private final Report report;
    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private PostgresServer postgres;
    private RegistryConfig registryConfig;
    private Cpu cpu;
    private Workload backlog;
    private long records;
    private long runCounter;
    private double productRowsPerSecond;

    private BenchHarness(BenchOptions o) {
        this.o = o;
        this.report = new Report(o);
    }

    public static void main(String[] args) {
        int rc;
        try {
            BenchOptions o = BenchOptions.parse(args);
            if (o == null) {
                System.exit(0);
            }
            Report report = run(o);
            Path file = report.write();
            System.out.println();
            System.out.println(report.markdown());
            System.out.println("results: " + file.toAbsolutePath());
            rc = report.ok() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            rc = 2;
        } catch (Throwable e) {
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    /** Runs the benchmark; the report says whether every run's check passed. */
    public static Report run(BenchOptions o) throws Exception {
        boolean ownWorkDir = o.workDir == null;
        if (ownWorkDir) {
            o.workDir = Files.createTempDirectory("eventline-bench-");
        }
        BenchHarness h = new BenchHarness(o);
        Thread hook = new Thread(h::stopServices, "bench-stop-services");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            h.execute();
        } finally {
            h.stopServices();
            if (ownWorkDir) {
                deleteQuietly(o.workDir);
                o.workDir = null;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return h.report;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            say("could not delete " + dir + ": " + e.getMessage());
        }
    }

    static void say(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }

    private void execute() throws Exception {
        say("machine: " + Report.machine());
        say("starting Kafka (in-process KRaft broker), Apicurio registry and PostgreSQL ...");
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.start();
        postgres = PostgresServer.start();
        registryConfig = RegistryConfig.of(registry.ccompatUrl());
        kafka.createTopics(4, Map.of("retention.ms", "-1", "retention.bytes", "-1"), TOPIC, TOPIC + ".dlq");
        cpu = new Cpu(postmasterPid());

        generate();

        for (int run : o.runs) {
            Report.Run result;
            try {
                result = switch (run) {
                    case 1 -> {
                        // The first pass warms the JIT on decoding, as the Flink runs after it find it warm.
                        say("run 1: warm-up pass (not reported)");
                        consumerCeiling();
                        yield consumerCeiling();
                    }
                    case 2 -> passThrough();
                    case 3 -> pipeline(3, false);
                    case 4 -> pipeline(4, true);
                    case 5 -> product();
                    case 6 -> loader();
                    default -> throw new IllegalArgumentException("no run " + run);
                };
            } catch (Exception e) {
                say("run " + run + " failed: " + e);
                e.printStackTrace(System.out);
                result = new Report.Run(run, "run " + run, records, 1, new Cpu.Sample(0, 0), "FAILED: " + e.getMessage(),
                        false, "");
            }
            report.add(result);
            say(String.format("run %d (%s): %,.0f events/s, %.1f s, %s", run, result.name(), result.eventsPerSecond(),
                    result.seconds(), result.check()));
            System.gc();
        }
    }

    private synchronized void stopServices() {
        AutoCloseable[] services = {registry, kafka, postgres};
        registry = null;
        kafka = null;
        postgres = null;
        for (AutoCloseable c : services) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    say("could not stop " + c + ": " + e);
                }
            }
        }
    }

    private long postmasterPid() {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres")); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'data_directory'")) {
            r.next();
            return Long.parseLong(Files.readAllLines(Path.of(r.getString(1), "postmaster.pid")).get(0).trim());
        } catch (Exception e) {
            report.notes.add("PostgreSQL CPU not measured: " + e.getMessage());
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ workload

    private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void generate() throws Exception {
        long t0 = System.nanoTime();
        backlog = new Workload(o.workload(), null);
        say(String.format("workload planned in %.1f s; producing into %s (4 partitions) ...", (System.nanoTime() - t0) / 1e9, TOPIC));
        RegistryAvroSerializationSchema<EventEnvelope> value = OrderEnvelopes.valueSerializer(registryConfig, TOPIC);
        long t1 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(20)) {
            Workload.Outgoing out;
            while ((out = backlog.next()) != null) {
                byte[] v = value.serialize(out.event());
                backlog.countBytes(v.length);
                producer.send(new ProducerRecord<>(TOPIC, null, out.event().getTimestamp().toEpochMilli(),
                        out.event().getAggregateId().getBytes(StandardCharsets.UTF_8), v));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        records = backlog.records;
        long inTopic = topicRecords(TOPIC);
        if (inTopic != records) {
            throw new IllegalStateException("topic holds " + inTopic + " records, generated " + records);
        }
        String line = backlog.describe();
        say(line);
        say(String.format("produced %,d records (avg %d bytes) in %.1f s (%,.0f records/s)", records,
                backlog.bytes / Math.max(1, records), seconds, records / seconds));
        report.workload.add(line);
        report.workload.add(String.format("avg Avro record %d bytes (Confluent wire format), %s in the topic",
                backlog.bytes / Math.max(1, records), Report.bytes(backlog.bytes)));
        report.workload.add(String.format("%,d orders with events, %,d customers; expected dead letters %s",
                backlog.ordersPresent(), backlog.customers, backlog.expectedDeadLetters()));
        report.workload.add(String.format("parallelism %d, gap timeout %d ms, checkpoint interval %d s, JDBC batch %d",
                o.parallelism, o.gapTimeout.toMillis(), o.checkpointInterval.toSeconds(), o.batchSize));
    }

    private long topicRecords(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum()
                    - c.beginningOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // ------------------------------------------------------------------------------------------------ run 1

    private Report.Run consumerCeiling() throws Exception {
        say("run 1: plain KafkaConsumer, " + o.parallelism + " threads, decoding every record with the job's deserializer");
        Cpu.Sample before = cpu.sample();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(o.parallelism);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < o.parallelism; t++) {
            int thread = t;
            parts.add(pool.submit(() -> {
                EnvelopeRecordDeserializer<EventEnvelope> decoder = OrderEnvelopes.deserializer(registryConfig, JOB);
                long n = 0, sum = 0, bad = 0;
                try (KafkaConsumer<byte[], byte[]> c = consumer()) {
                    List<TopicPartition> mine = new ArrayList<>();
                    for (int p = thread; p < 4; p += o.parallelism) {
                        mine.add(new TopicPartition(TOPIC, p));
                    }
                    c.assign(mine);
                    c.seekToBeginning(mine);
                    Map<TopicPartition, Long> end = c.endOffsets(mine);
                    while (mine.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                        ConsumerRecords<byte[], byte[]> batch = c.poll(java.time.Duration.ofMillis(200));
                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                            Either<EventEnvelope, DeadLetter> e = decoder.decode(r);
                            n++;
                            if (e.isLeft()) {
                                sum += Workload.eventChecksum(e.left().getEventId(), e.left().getSequenceNumber());
                            } else {
                                bad++;
                            }
                        }
                    }
                }
                return new long[] {n, sum, bad};
            }));
        }
        long n = 0, sum = 0, bad = 0;
        for (Future<long[]> f : parts) {
            long[] r = f.get(o.runTimeout.toMillis(), TimeUnit.MILLISECONDS);
            n += r[0];
            sum += r[1];
            bad += r[2];
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Sample used = cpu.sample().minus(before);
        boolean ok = n == records && sum == backlog.checksum && bad == 0;
        return new Report.Run(1, "KafkaConsumer + Avro decode (input ceiling)", n, seconds, new Cpu.Sample(used.jvmNanos(), 0),
                ok ? String.format("ok: %,d events, checksum matches", n)
                        : String.format("FAILED: %,d events (%,d expected), %d undecodable, checksum %s", n, records, bad,
                                sum == backlog.checksum ? "matches" : "differs"),
                ok, "CPU: this JVM (consumer threads and the in-process broker serving them)");
    }

    // ------------------------------------------------------------------------------------------------ Flink runs

    private KafkaSource<Either<EventEnvelope, DeadLetter>> source(String group) {
        return KafkaSource.<Either<EventEnvelope, DeadLetter>>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(TOPIC)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(OrderEnvelopes.deserializer(registryConfig, JOB))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    private Configuration baseConf(boolean rocksdb, String run) throws Exception {
        Path dir = o.workDir.resolve("checkpoints-" + run + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Configuration conf;
        if (rocksdb) {
            conf = OrderProjectionsJob.flinkConfiguration(jobOptions(dir, "jdbc:postgresql://unused/none", "unused"));
        } else {
            conf = new Configuration();
            conf.setString("state.backend.type", "hashmap");
            conf.setString("execution.checkpointing.dir", dir.toUri().toString());
            conf.setString("execution.checkpointing.interval", o.checkpointInterval.toMillis() + " ms");
            conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        }
        return conf;
    }

    private JobOptions jobOptions(Path checkpoints, String jdbcUrl, String group) {
        return JobCommandLine.parse(
                "--job-name", JOB,
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", TOPIC,
                "--group-id", group,
                "--starting-offsets", "earliest",
                "--registry-url", registry.ccompatUrl(),
                "--jdbc-url", jdbcUrl,
                "--sink-batch-size", String.valueOf(o.batchSize),
                "--sink-flush-interval", o.flushInterval.toString(),
                "--checkpoint-dir", checkpoints.toUri().toString(),
                "--checkpoint-interval", o.checkpointInterval.toString(),
                "--parallelism", String.valueOf(o.parallelism),
                "--gap-timeout", o.gapTimeout.toString(),
                "--gap-policy", "SKIP");
    }

    private OrderingConfig orderingConfig() {
        return OrderingConfig.defaults().withJobName(JOB).withGapTimeout(o.gapTimeout).withGapPolicy(GapPolicy.SKIP);
    }

    /**
     * Waits until {@code done}; returns the time it was first observed, or -1 when the progress the job reports
     * stopped changing for a while before reaching it (a wrong result: the caller's check says what differs).
     */
    private long await(FlinkRun job, BooleanSupplier done, java.util.function.Supplier<String> progress, long pollMs,
            String what) throws Exception {
        long deadline = System.nanoTime() + o.runTimeout.toNanos();
        long lastReport = System.nanoTime();
        long quietNanos = Math.max(30_000_000_000L, 5 * o.gapTimeout.toNanos());
        String last = progress.get();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            job.checkAlive();
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("timed out after " + o.runTimeout + " waiting for " + what + "; " + last);
            }
            String p = progress.get();
            if (!p.equals(last)) {
                last = p;
                lastChange = now;
            } else if (now - lastChange > quietNanos) {
                say("  no progress for " + quietNanos / 1_000_000_000L + " s before reaching " + what + ": " + p);
                return -1;
            }
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                say("  ... " + p);
            }
            Thread.sleep(pollMs);
        }
        return System.nanoTime();
    }

    private Report.Run passThrough() throws Exception {
        say("run 2: Flink pass-through: KafkaSource -> deserializer -> discarding sink");
        String run = "run2-" + (++runCounter);
        CheckingSinks.Store store = CheckingSinks.store(run);
        Cpu.Sample used;
        long end;
        long start;
        try (FlinkRun job = FlinkRun.start(baseConf(false, run), o.parallelism, env -> env
                .fromSource(source(run), WatermarkStrategy.noWatermarks(), "kafka: " + TOPIC)
                .uid(OrderProjectionsJob.SOURCE_UID)
                .sinkTo(new CheckingSinks.EventSink(run)).name("discard"))) {
            Cpu.Sample before = cpu.sample();
            start = job.runningAtNanos;
            end = await(job, () -> store.events.sum() >= records,
                    () -> String.format("%,d of %,d records", store.events.sum(), records), 100, "all records");
            if (end < 0) {
                end = System.nanoTime();
            }
            used = cpu.sample().minus(before);
        }
        boolean ok = store.events.sum() == records && store.eventChecksum.sum() == backlog.checksum && store.undecodable.sum() == 0;
        return new Report.Run(2, "Flink pass-through (KafkaSource, deserializer, discarding sink)", records,
                (end - start) / 1e9, new Cpu.Sample(used.jvmNanos(), 0),
                ok ? String.format("ok: %,d events, checksum matches", store.events.sum())
                        : String.format("FAILED: %,d events, %d undecodable, checksum %s", store.events.sum(),
                                store.undecodable.sum(), store.eventChecksum.sum() == backlog.checksum ? "matches" : "differs"),
                ok, "CPU: this JVM (MiniCluster and in-process broker) from job RUNNING to the last record");
    }

    private Report.Run pipeline(int number, boolean rocksdb) throws Exception {
        String backend = rocksdb ? "RocksDB" : "heap";
        say("run " + number + ": full pipeline, " + backend + " state, discarding sinks");
        String run = "run" + number + "-" + (++runCounter);
        CheckingSinks.Store store = CheckingSinks.store(run);
        long want = backlog.expectedVersionSum();
        Map<String, Long> wantDeadLetters = backlog.expectedDeadLetters();
        Cpu.Sample used;
        long start, end;
        FlinkRun.Checkpoints checkpoints;
        try (FlinkRun job = FlinkRun.start(baseConf(rocksdb, run), o.parallelism, env -> {
            DataStream<Either<EventEnvelope, DeadLetter>> input = env
                    .fromSource(source(run), WatermarkStrategy.noWatermarks(), "kafka: " + TOPIC)
                    .uid(OrderProjectionsJob.SOURCE_UID);
            // the job's own operators (OrderProjectionsJob.process), with discarding sinks
            OrderProjectionsJob.Outputs outputs = OrderProjectionsJob.process(input, null, orderingConfig());
            OrderReadModels.Streams models = outputs.models();
            models.orders.sinkTo(new CheckingSinks.LatestRowSink<>(run, ReadModelTables.ORDER_SUMMARY, true)).name("discard order_summary");
            models.customers.sinkTo(new CheckingSinks.LatestRowSink<>(run, ReadModelTables.CUSTOMER_ORDERS, false)).name("discard customer_orders");
            models.status.sinkTo(new CheckingSinks.CountingSink<>(run)).name("discard projection_status");
            outputs.deadLetters().sinkTo(new CheckingSinks.DeadLetterSink(run)).name("count dead letters");
        })) {
            Cpu.Sample before = cpu.sample();
            start = job.runningAtNanos;
            end = await(job, () -> store.orderVersionSum.sum() >= want && store.customerVersionSum.sum() >= want
                    && store.deadLetterCounts().equals(wantDeadLetters),
                    () -> String.format("versions %,d + %,d of %,d each, dead letters %s of %s",
                            store.orderVersionSum.sum(), store.customerVersionSum.sum(), want, store.deadLetterCounts(),
                            wantDeadLetters), 100, "the expected versions");
            used = cpu.sample().minus(before);
            checkpoints = job.checkpoints();
        }
        boolean finished = end > 0;
        if (!finished) {
            end = System.nanoTime();
        }
        List<OrderSummaryRow> orders = new ArrayList<>();
        store.orderRows.forEach(m -> m.values().forEach(r -> orders.add((OrderSummaryRow) r)));
        List<CustomerOrdersRow> customers = new ArrayList<>();
        store.customerRows.forEach(m -> m.values().forEach(r -> customers.add((CustomerOrdersRow) r)));
        ReadModelVerifier.Result check = ReadModelVerifier.verify(List.of(backlog), orders, customers);
        boolean dlOk = store.deadLetterCounts().equals(wantDeadLetters);
        boolean ok = check.ok() && dlOk && finished;
        String checkText = (finished ? "" : "FAILED: expected state never reached; ") + check.summary() + (dlOk ? ", dead letters as expected" : ", dead letters " + store.deadLetterCounts()
                + " (expected " + wantDeadLetters + ")");
        CheckingSinks.STORES.remove(run);
        return new Report.Run(number, "full pipeline, " + backend + " state, discarding sinks", records,
                (end - start) / 1e9, new Cpu.Sample(used.jvmNanos(), 0), checkText, ok,
                String.format("%s: %,d rows into the sinks (%.2f per event); checkpoints: %s", backend, store.rowsIn.sum(),
                        store.rowsIn.sum() / (double) records, checkpoints.describe()));
    }

    // ------------------------------------------------------------------------------------------------ run 5

    private String freshDatabase(String name) {
        postgres.dropDatabase(name);
        return postgres.createDatabase(name);
    }

    private static long[] versionSums(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long[] out = new long[2];
            try (ResultSet r = s.executeQuery("SELECT (SELECT coalesce(sum(version), 0) FROM order_summary), "
                    + "(SELECT coalesce(sum(version), 0) FROM customer_orders)")) {
                r.next();
                out[0] = r.getLong(1);
                out[1] = r.getLong(2);
            }
            return out;
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    private Report.Run product() throws Exception {
        say("run 5: the product: OrderProjectionsJob.wire (RocksDB, PostgreSQL upsert sinks, Kafka DLQ)");
        String url = freshDatabase("bench_product");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).credentials(JdbcCredentials.NONE)
                .batchSize(o.batchSize).createMissingTables(true).build();
        SqlScripts.createMissingTables(settings, ReadModelTables.ddl(SqlDialect.POSTGRES));
        String run = "run5-" + (++runCounter);
        Path checkpoints = o.workDir.resolve("checkpoints-" + run);
        Files.createDirectories(checkpoints);
        JobOptions options = jobOptions(checkpoints, url, run);
        long want = backlog.expectedVersionSum();
        long dlqBefore = topicRecords(TOPIC + ".dlq");

        Cpu.Sample backlogCpu;
        long start, end;
        FlinkRun.Checkpoints cps;
        long backlogRows;
        LatencyPhase.Result latency = null;
        Workload lat = null;
        ReadModelVerifier.Result check;
        try (FlinkRun job = FlinkRun.start(OrderProjectionsJob.flinkConfiguration(options), o.parallelism,
                env -> OrderProjectionsJob.wire(env, options))) {
            Cpu.Sample before = cpu.sample();
            start = job.runningAtNanos;
            end = await(job, () -> {
                long[] s = versionSums(url);
                return s[0] >= want && s[1] >= want;
            }, () -> {
                long[] s = versionSums(url);
                return String.format("versions in PostgreSQL %,d + %,d of %,d each", s[0], s[1], want);
            }, 200, "the expected versions in PostgreSQL");
            Cpu.Sample used = cpu.sample().minus(before);
            if (end < 0) {
                end = System.nanoTime();
            }
            Thread.sleep(1500); // idle backends flush their statistics within a second
            backlogRows = rowsWritten(url);
            double seconds = (end - start) / 1e9;
            double rate = records / seconds;
            say(String.format("run 5 backlog: %,.0f events/s; checking the tables ...", rate));
            check = ReadModelVerifier.verifyDatabase(url, List.of(backlog));
            say("  " + check.summary());

            if (!o.latencyPhase.isZero() && check.ok()) {
                double target = rate * o.latencyLoad;
                lat = new Workload(o.workload().withEvents(Math.max(1000, (long) (target * o.latencyPhase.toSeconds())),
                        (int) Math.max(100, Math.min(Integer.MAX_VALUE, (long) (target * o.latencyPhase.toSeconds())
                                * o.aggregates / Math.max(1, o.events))), "lat", 0.0), null);
                say(String.format("run 5 latency phase: open-loop producer at %,.0f events/s (%.0f%% of the backlog rate) "
                        + "for %d s; polling PostgreSQL every %d ms", target, o.latencyLoad * 100, o.latencyPhase.toSeconds(),
                        o.latencyPollMs));
                try (KafkaProducer<byte[], byte[]> producer = producer(0)) {
                    latency = new LatencyPhase(lat, producer, OrderEnvelopes.valueSerializer(registryConfig, TOPIC),
                            TOPIC, url, o.latencyPollMs).run(target, job::checkAlive);
                }
                Workload latFinal = lat;
                long wantAll = want + lat.expectedVersionSum();
                await(job, () -> {
                    long[] s = versionSums(url);
                    return s[0] >= wantAll && s[1] >= wantAll;
                }, () -> {
                    long[] s = versionSums(url);
                    return String.format("versions in PostgreSQL %,d + %,d of %,d each", s[0], s[1], wantAll);
                }, 200, "the latency phase's versions");
                ReadModelVerifier.Result all = ReadModelVerifier.verifyDatabase(url, List.of(backlog, latFinal));
                if (!all.ok()) {
                    check = all;
                }
            }
            cps = job.checkpoints();
            report.product.add("checkpoints: " + cps.describe());
            report.product.add(String.format("CPU in the backlog phase: JVM %.1f s, PostgreSQL %.1f s", used.jvmSeconds(),
                    used.postgresSeconds()));
            backlogCpu = used;
        }
        Thread.sleep(1500); // backends exit and flush their statistics
        long rowsWritten = rowsWritten(url);
        long eventsTotal = records + (lat == null ? 0 : lat.records);
        report.product.add(String.format("rows written (pg_stat_user_tables n_tup_ins + n_tup_upd: upserts that changed "
                + "a row): backlog %,d = %.2f rows per event, %,.0f rows/s (loader: see run 6); with the latency phase "
                + "%,d over %,d events = %.2f rows per event", backlogRows, backlogRows / (double) records,
                backlogRows / ((end - start) / 1e9), rowsWritten, eventsTotal, rowsWritten / (double) eventsTotal));
        productRowsPerSecond = backlogRows / ((end - start) / 1e9);
        long dlq = topicRecords(TOPIC + ".dlq") - dlqBefore;
        long wantDlq = backlog.expectedDeadLetters().values().stream().mapToLong(Long::longValue).sum();
        boolean dlqOk = dlq == wantDlq;
        if (latency != null) {
            report.product.add(latency.describe());
        }
        boolean latencyOk = latency == null || latency.unresolved() == 0;
        boolean ok = check.ok() && dlqOk && latencyOk;
        String text = check.summary() + (dlqOk ? String.format(", %d dead letters in the DLQ as expected", dlq)
                : String.format(", %d dead letters in the DLQ (expected %d)", dlq, wantDlq))
                + (latencyOk ? "" : ", " + latency.unresolved() + " latency probes never became visible");
        return new Report.Run(5, "the product: full pipeline, RocksDB, PostgreSQL upsert sinks", records, (end - start) / 1e9,
                backlogCpu, text, ok, "wall-clock and CPU of the backlog phase; the latency phase follows on the same job");
    }

    private static long rowsWritten(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables "
                        + "WHERE relname IN ('order_summary', 'customer_orders', 'projection_status')")) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ run 6

    private Report.Run loader() throws Exception {
        say("run 6: standalone loader: the expected final rows, same upsert SQL and batch size, " + o.parallelism + " threads");
        String url = freshDatabase("bench_loader");
        JdbcSinkSettings settings = JdbcSinkSettings.builder(url).credentials(JdbcCredentials.NONE)
                .batchSize(o.batchSize).build();
        SqlScripts.createMissingTables(settings, ReadModelTables.ddl(SqlDialect.POSTGRES));
        Workload.ExpectedCustomer[] customers = backlog.expectedCustomers();
        Cpu.Sample before = cpu.sample();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(o.parallelism);
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < o.parallelism; t++) {
            int thread = t;
            parts.add(pool.submit(() -> {
                long rows = 0;
                try (Connection c = settings.openConnection()) {
                    rows += write(c, ReadModelTables.ORDER_SUMMARY, settings, k -> {
                        if (k % o.parallelism != thread || backlog.length[k] == 0) {
                            return null;
                        }
                        return orderRow(backlog.expectedOrder(k));
                    }, backlog.length.length);
                    rows += write(c, ReadModelTables.CUSTOMER_ORDERS, settings, k -> {
                        if (k % o.parallelism != thread || customers[k] == null) {
                            return null;
                        }
                        return customerRow(customers[k]);
                    }, customers.length);
                }
                return rows;
            }));
        }
        long rows = 0;
        for (Future<Long> f : parts) {
            rows += f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu.Sample used = cpu.sample().minus(before);
        ReadModelVerifier.Result check = ReadModelVerifier.verifyDatabase(url, List.of(backlog));
        double rowsPerSecond = rows / seconds;
        if (productRowsPerSecond > 0) {
            report.product.add(String.format("rows/s of run 5 vs the loader (5/6 in rows rather than events): %.2f",
                    productRowsPerSecond / rowsPerSecond));
            report.sinkRowRatio = productRowsPerSecond / rowsPerSecond;
        }
        return new Report.Run(6, "standalone loader: final rows, same upsert SQL and batch size (sink ceiling)", records,
                seconds, used, check.summary(), check.ok(), String.format(
                        "%,d rows in %.1f s = %,.0f rows/s; events/s here is the backlog's events over that time",
                        rows, seconds, rowsPerSecond));
    }

    private static <T> long write(Connection c, UpsertTable<T> table, JdbcSinkSettings settings,
            java.util.function.IntFunction<T> rowAt, int n) throws Exception {
        RowBinder<T> binder = table.binder();
        long rows = 0;
        int inBatch = 0;
        try (PreparedStatement ps = c.prepareStatement(table.upsertSql())) {
            for (int k = 0; k < n; k++) {
                T row = rowAt.apply(k);
                if (row == null) {
                    continue;
                }
                binder.bind(ps, row, SqlDialect.POSTGRES);
                ps.addBatch();
                rows++;
                if (++inBatch == settings.batchSize()) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
            }
        }
        return rows;
    }

    private static OrderSummaryRow orderRow(Workload.ExpectedOrder e) {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = e.orderId();
        r.customerId = e.customerId();
        r.status = e.status();
        r.itemCount = e.itemCount();
        r.total = e.total();
        r.currency = e.currency();
        r.placedAt = e.placedAt();
        r.updatedAt = e.updatedAt();
        r.lastSequence = e.lastSequence();
        r.lastEventId = e.lastEventId();
        r.version = e.version();
        return r;
    }

    private static CustomerOrdersRow customerRow(Workload.ExpectedCustomer e) {
        CustomerOrdersRow r = new CustomerOrdersRow();
        r.customerId = e.customerId();
        r.ordersPlaced = e.ordersPlaced();
        r.ordersCancelled = e.ordersCancelled();
        r.lifetimeValue = e.lifetimeValue();
        r.lastOrderAt = e.lastOrderAt();
        r.updatedAt = e.updatedAt();
        r.version = e.version();
        return r;
    }
}
