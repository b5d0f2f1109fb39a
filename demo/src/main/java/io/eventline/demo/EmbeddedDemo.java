package io.eventline.demo;

import io.eventline.common.serde.RegistryConfig;
import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import io.eventline.jobs.orders.OrderProjectionsJob;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.check.DeadLetterCounter;
import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded demo: real Kafka (in-process KRaft broker), the Apicurio registry, the order-projections job on a
 * local Flink with its web UI, SQLite as the sink, and generated order traffic with duplicates, out-of-order
 * deliveries, permanent gaps and malformed records. It ends by checking the read models and dead letters against
 * the generator's own expectation.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the order-projections job on embedded defaults and checks its read models.")
public final class EmbeddedDemo implements Callable<Integer> {

    private static final String TOPIC = "orders";

    @Option(names = "--orders", defaultValue = "2000", description = "Orders to generate. Default: ${DEFAULT-VALUE}.")
    int orders;

    @Option(names = "--work-dir", defaultValue = ".eventline/demo", description = "SQLite file and checkpoints. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--ui-port", defaultValue = "8081", description = "Flink web UI port. Default: ${DEFAULT-VALUE}.")
    int uiPort;

    @Option(names = "--gap-timeout", defaultValue = "PT10S", description = "Gap timeout of the job (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration gapTimeout;

    @Option(names = "--timeout", defaultValue = "PT3M", description = "Give up waiting for the read models after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--follow", description = "Keep the job, broker and registry running after the check, until Ctrl-C.")
    boolean follow;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddedDemo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(workDir);
        Path db = workDir.resolve("eventline.db").toAbsolutePath();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        // The sinks add WAL and a busy timeout to SQLite URLs themselves (SqlDialect.writerUrl).
        String jdbcUrl = "jdbc:sqlite:" + db;
        String queryUrl = jdbcUrl;

        say("starting an in-process Kafka broker (KRaft) and the Apicurio schema registry ...");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        ApicurioRegistry registry = ApicurioRegistry.start();
        kafka.createTopics(4, TOPIC, TOPIC + ".dlq", TOPIC + ".control");
        say("kafka at " + kafka.bootstrapServers() + ", registry at " + registry.ccompatUrl());

        JobOptions options = JobCommandLine.parse(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", TOPIC,
                "--control-topic", TOPIC + ".control",
                "--registry-url", registry.ccompatUrl(),
                "--starting-offsets", "earliest",
                "--jdbc-url", jdbcUrl,
                "--create-tables",
                "--gap-timeout", gapTimeout.toString(),
                "--checkpoint-dir", workDir.resolve("checkpoints").toAbsolutePath().toUri().toString(),
                "--checkpoint-interval", "PT5S",
                "--parallelism", "2");
        Configuration conf = OrderProjectionsJob.flinkConfiguration(options);
        conf.set(RestOptions.PORT, uiPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        OrderProjectionsJob.wire(env, options);
        JobClient job = env.executeAsync(options.jobName);
        String ui = "http://localhost:" + uiPort;
        say("job " + job.getJobID() + " running; Flink web UI at " + ui);

        OrderWorkload workload = new OrderWorkload(WorkloadSettings.demo(orders));
        List<Outgoing> records = workload.remaining();
        Map<String, Long> expectedDeadLetters = workload.expectedDeadLetters();
        long expectedOrders = workload.ordersPresent();
        long expectedDeadLetterCount = expectedDeadLetters.values().stream().mapToLong(Long::longValue).sum();
        say(String.format("sending %d records: %d orders, %d duplicates, %d out-of-order, %d permanent gaps, "
                        + "%d malformed or invalid records", records.size(), expectedOrders, workload.duplicatesSent(),
                workload.outOfOrderSent(), workload.gaps(),
                expectedDeadLetters.getOrDefault("malformed", 0L) + expectedDeadLetters.getOrDefault("invalid-envelope", 0L)));

        long started = System.nanoTime();
        TrafficProducer.send(records, kafka.bootstrapServers(), RegistryConfig.of(registry.ccompatUrl()), TOPIC);
        double sendSeconds = (System.nanoTime() - started) / 1e9;

        boolean uiAnswered = false;
        long allButGapsAt = 0;
        ReadModelChecker.Result result;
        Map<String, Long> deadLetters;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DeadLetterCounter dlq = new DeadLetterCounter(kafka.bootstrapServers(), TOPIC + ".dlq")) {
            long lastReport = 0;
            while (true) {
                uiAnswered |= answers(ui + "/overview");
                deadLetters = dlq.poll();
                result = ReadModelChecker.checkDatabase(jdbcUrl, List.of(workload));
                boolean done = result.ok() && deadLetters.equals(expectedDeadLetters);
                if (allButGapsAt == 0 && result.matchingOrders() + workload.gaps() >= expectedOrders) {
                    allButGapsAt = System.nanoTime();
                }
                if (done || System.nanoTime() > deadline) {
                    break;
                }
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    say(String.format("  %4.0f s: order rows %d/%d matching, customer rows %d/%d, dead letters %d/%d",
                            (System.nanoTime() - started) / 1e9, result.matchingOrders(), expectedOrders,
                            result.matchingCustomers(), result.expectedCustomers(), dlq.total(), expectedDeadLetterCount));
                }
                Thread.sleep(250);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> deadLetterDifferences = ReadModelChecker.deadLetterDifferences(expectedDeadLetters, deadLetters);
        boolean ok = result.ok() && deadLetterDifferences.isEmpty() && uiAnswered;

        say("");
        say(String.format("read models: %d order_summary rows (%d as expected), %d customer_orders rows (%d as expected)",
                result.orderRows(), result.matchingOrders(), result.customerRows(), result.matchingCustomers()));
        say("dead letters by reason: " + deadLetters + (deadLetterDifferences.isEmpty()
                ? " (as expected)" : " (expected " + expectedDeadLetters + ")"));
        double throughputSeconds = allButGapsAt == 0 ? seconds : (allButGapsAt - started) / 1e9;
        say(String.format("%d records sent in %.1f s; every order without a permanent gap was right after %.1f s (%.0f "
                        + "events/s end to end); the %s gap timeouts completed the rest after %.1f s",
                records.size(), sendSeconds, throughputSeconds, records.size() / throughputSeconds, gapTimeout,
                seconds));
        say("web UI answered while the job ran: " + (uiAnswered ? "yes (" + ui + ")" : "NO"));
        result.mismatches().forEach(m -> say("  mismatch: " + m));
        say(ok ? "CHECK PASSED: the read models equal the generator's expected totals"
                : "CHECK FAILED: the read models differ from the generator's expected totals");
        say("");
        say("query the tables:");
        say("  deploy/scripts/eventline.sh query status --jdbc-url " + queryUrl);
        say("  deploy/scripts/eventline.sh query order " + workload.orderId(firstOrder(workload)) + " --jdbc-url " + queryUrl);
        say("  deploy/scripts/eventline.sh query customer " + workload.expectedOrder(firstOrder(workload)).customerId() + " --jdbc-url " + queryUrl);

        if (follow) {
            say("following: the job keeps running (web UI " + ui + "); Ctrl-C to stop");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        job.cancel().get();
        registry.close();
        kafka.close();
        return ok ? 0 : 1;
    }

    private static int firstOrder(OrderWorkload workload) {
        int k = 0;
        while (!workload.hasOrder(k)) {
            k++;
        }
        return k;
    }

    private static boolean answers(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
