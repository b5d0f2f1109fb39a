package io.eventline.testkit;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) running in this JVM, from Kafka's
 * own test kit. Used by integration tests and the embedded demo; the same code talks to a real cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() {
        // An in-process broker must not end the test JVM: Kafka halts its process on a fatal broker fault (e.g. a
        // log directory it sees vanish while it shuts down), which surefire reports as a failed fork after every
        // test passed. Kafka's own test harnesses replace these procedures the same way.
        Exit.setHaltProcedure((status, message) ->
                System.err.println("embedded Kafka asked to halt the JVM (" + status + "), ignored: " + message));
        Exit.setExitProcedure((status, message) ->
                System.err.println("embedded Kafka asked to exit the JVM (" + status + "), ignored: " + message));
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                            new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // A single broker cannot hold the default three replicas of the internal topics; without these,
                    // offset commits and transactions stall (STACK.md).
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // Keep every record: workloads stamp records with their events' times (2025), and the default
                    // 7-day retention deleted them at the first retention check, 5 minutes into a test JVM.
                    .setConfigProp("log.retention.ms", "-1")
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker", e);
        }
    }

    /** Kafka's formatter prints its metadata to standard output; keep that out of the demo's and tests' output. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    /** One broker per JVM, stopped at exit: tests share it and use distinct topics. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-kafka-stop"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Creates the topics if missing; {@code configs} apply to each (e.g. retention). */
    public void createTopics(int partitions, Map<String, String> configs, String... topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Map.of(), topics);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka broker", e);
        }
    }
}
