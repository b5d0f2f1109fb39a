package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.outbox.CommittedTopicReader.Received;
import io.eventline.outbox.relay.OutboxSourceSettings;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's TaskManager killed at random points and PostgreSQL restarted while writers keep committing: a
 * read_committed consumer still sees every committed event exactly once, per aggregate in sequence order. The
 * database is this class's own (it is restarted); the truth is what the outbox table holds at the end, since a
 * commit interrupted by the restart may or may not have happened.
 */
class OutboxFailoverITCase {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxFailoverITCase.class);

    // One slot: the job can only run on the TaskManager started last.
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void killedTaskManagersAndARestartedDatabaseLoseAndDuplicateNothing(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        ApicurioRegistry registry = ApicurioRegistry.shared();
        OutboxDatabase db = OutboxDatabase.of(postgres.createDatabase("outbox_failover"));
        db.createTables();
        String topic = "outbox-failover";
        kafka.createTopics(4, topic);
        JobClient relay = RelayRunner.start(OutboxSourceSettings.defaults(db).withPollInterval(Duration.ofMillis(10)),
                kafka.bootstrapServers(), topic, registry.ccompatUrl(), "outbox-failover", 200);
        RandomWriters writers = new RandomWriters(db,
                new RandomWriters.Plan(4, 150, 16, 0.15, 0.03, 500, 1_500, 7L), "ord-f-");
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                writers.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (CommittedTopicReader reader = new CommittedTopicReader(kafka.bootstrapServers(), topic, registry.ccompatUrl())) {
            // Each fault at a random point after the relay made progress since the last one.
            Random chaos = new Random(2026);
            awaitAttempt(cluster, relay, 0);
            reader.pollUntil(20 + chaos.nextInt(60), Duration.ofSeconds(60));
            killTaskManager(cluster, 0);
            awaitAttempt(cluster, relay, 1);
            Thread.sleep(chaos.nextInt(1_000));
            LOG.info("restarting PostgreSQL");
            postgres.restart(1_000);
            reader.pollUntil(reader.pollFor(Duration.ZERO).size() + 20 + chaos.nextInt(60), Duration.ofSeconds(60));
            killTaskManager(cluster, 1);
            awaitAttempt(cluster, relay, 2);
            writing.get(3, TimeUnit.MINUTES);

            Map<String, EventEnvelope> inOutbox = outboxContents(db);
            assertThat(inOutbox.keySet()).containsAll(writers.committed.keySet())
                    .doesNotContainAnyElementsOf(writers.rolledBack);
            LOG.info("{} events committed ({} of them with an interrupted commit), {} rolled back", inOutbox.size(),
                    inOutbox.size() - writers.committed.size(), writers.rolledBack.size());
            reader.pollUntil(inOutbox.size(), Duration.ofSeconds(90));
            List<Received> received = reader.pollFor(Duration.ofSeconds(1));
            OutboxConcurrencyITCase.assertExactlyTheCommittedEventsInOrder(received, inOutbox);
        }
        relay.cancel().get();
    }

    /** Waits until every task of the job runs in attempt {@code attempt} (0 = never failed). */
    private static void awaitAttempt(MiniCluster cluster, JobClient job, int attempt) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get();
            boolean running = true;
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                running &= v.getCurrentExecutionAttempt().getAttemptNumber() == attempt
                        && v.getExecutionState() == org.apache.flink.runtime.execution.ExecutionState.RUNNING;
            }
            if (running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the relay did not run attempt " + attempt + " within 60 s");
    }

    /** Adds a TaskManager, then kills the one the job runs on (the one before it). */
    private static void killTaskManager(MiniCluster cluster, int index) throws Exception {
        cluster.startTaskManager();
        LOG.info("killing TaskManager {}", index);
        cluster.terminateTaskManager(index).get(30, TimeUnit.SECONDS);
    }

    static Map<String, EventEnvelope> outboxContents(OutboxDatabase db) throws Exception {
        Map<String, EventEnvelope> all = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload FROM outbox")) {
            while (rs.next()) {
                EventEnvelope e = EnvelopeCodec.decode(rs.getBytes(1));
                all.put(e.getEventId(), e);
            }
        }
        return all;
    }
}
