package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.outbox.CommittedTopicReader.Received;
import io.eventline.outbox.relay.OutboxLag;
import io.eventline.outbox.relay.OutboxSourceSettings;
import io.eventline.testkit.ApicurioRegistry;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 8 concurrent writers with random transaction lengths, some rolled back, some held open for seconds while the
 * others commit; the relay runs all along. A read_committed consumer must see every committed event exactly once,
 * per aggregate in sequence order, and no rolled-back one, while a naive {@code id > last} reader in the same run
 * loses rows. Also measures commit-to-visible latency and the relay's throughput on a backlog.
 */
class OutboxConcurrencyITCase {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxConcurrencyITCase.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    static PostgresServer postgres;

    @BeforeAll
    static void services() {
        kafka = EmbeddedKafka.shared();
        registry = ApicurioRegistry.shared();
        postgres = PostgresServer.shared();
    }

    static OutboxDatabase newOutbox(String name) throws Exception {
        OutboxDatabase db = OutboxDatabase.of(postgres.createDatabase(name));
        db.createTables();
        return db;
    }

    @Test
    void everyCommittedEventExactlyOnceInSequenceOrderWhileANaiveReaderLosesRows() throws Exception {
        OutboxDatabase db = newOutbox("outbox_concurrency");
        String topic = "outbox-concurrency";
        kafka.createTopics(4, topic);
        OutboxSourceSettings settings = OutboxSourceSettings.defaults(db)
                .withPollInterval(Duration.ofMillis(10)).withLagInterval(Duration.ofMillis(200));
        JobClient relay = RelayRunner.start(settings, kafka.bootstrapServers(), topic, registry.ccompatUrl(),
                "outbox-concurrency", 200);
        RandomWriters writers = new RandomWriters(db,
                new RandomWriters.Plan(8, 40, 24, 0.2, 0.06, 1_500, 3_000, 15L), "ord-c-");
        List<Received> received;
        try (NaiveIdReader naive = new NaiveIdReader(db);
                CommittedTopicReader topicReader = new CommittedTopicReader(kafka.bootstrapServers(), topic,
                        registry.ccompatUrl())) {
            long start = System.currentTimeMillis();
            // The consumer polls while the writers write, so the latency is commit to visible, not to the test's end.
            java.util.concurrent.CompletableFuture<Void> writing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    writers.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (!writing.isDone()) {
                topicReader.pollFor(Duration.ofMillis(200));
            }
            writing.get();
            LOG.info("8 writers done in {} ms: {} events committed, {} rolled back", System.currentTimeMillis() - start,
                    writers.committed.size(), writers.rolledBack.size());
            topicReader.pollUntil(writers.committed.size(), Duration.ofSeconds(60));
            received = topicReader.pollFor(Duration.ofSeconds(1)); // a duplicate would arrive with the next checkpoint
            naive.close();

            Set<String> lostByNaive = new HashSet<>(writers.committed.keySet());
            lostByNaive.removeAll(naive.seen);
            LOG.info("naive id > last reader lost {} of {} committed events", lostByNaive.size(), writers.committed.size());
            assertThat(lostByNaive).as("the naive reader must lose rows, or this test proves nothing").isNotEmpty();
        }

        assertThat(writers.uncertain).isEmpty();
        assertThat(writers.rolledBack).isNotEmpty();
        assertExactlyTheCommittedEventsInOrder(received, writers.committed);
        logLatency(received, writers.committedAtMillis);

        // Every row is marked once a checkpoint covered it; the lag query agrees.
        long deadline = System.currentTimeMillis() + 10_000;
        OutboxLag lag;
        do {
            Thread.sleep(100);
            try (Connection c = db.connect()) {
                lag = OutboxLag.query(c);
            }
        } while (lag.unpublishedRows() > 0 && System.currentTimeMillis() < deadline);
        assertThat(lag).isEqualTo(new OutboxLag(0, 0));
        relay.cancel().get();
    }

    /** Every committed event exactly once, none other, and per aggregate 1..n in the order consumed. */
    static void assertExactlyTheCommittedEventsInOrder(List<Received> received, Map<String, EventEnvelope> committed) {
        List<String> ids = received.stream().map(r -> r.event().getEventId()).toList();
        Map<String, Long> counts = ids.stream().collect(Collectors.groupingBy(i -> i, Collectors.counting()));
        received.stream().filter(r -> counts.get(r.event().getEventId()) > 1).limit(12).forEach(r -> LOG.warn(
                "duplicate {} {}/{} at {}:{}", r.event().getEventId(), r.event().getAggregateId(),
                r.event().getSequenceNumber(), r.partition(), r.offset()));
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(committed.keySet());
        for (Received r : received) {
            assertThat(r.event()).isEqualTo(committed.get(r.event().getEventId()));
            assertThat(r.key()).isEqualTo(r.event().getAggregateId());
        }
        Map<String, Long> committedPerAggregate = committed.values().stream()
                .collect(Collectors.groupingBy(EventEnvelope::getAggregateId, Collectors.counting()));
        Map<String, List<Long>> sequences = CommittedTopicReader.sequencesByAggregate(received);
        assertThat(sequences.keySet()).isEqualTo(committedPerAggregate.keySet());
        sequences.forEach((aggregate, seqs) -> assertThat(seqs).as(aggregate)
                .isEqualTo(LongStream.rangeClosed(1, committedPerAggregate.get(aggregate)).boxed().toList()));
    }

    static void logLatency(List<Received> received, Map<String, Long> committedAt) {
        List<Long> latencies = new ArrayList<>();
        for (Received r : received) {
            Long at = committedAt.get(r.event().getEventId());
            if (at != null) {
                latencies.add(r.receivedAtMillis() - at);
            }
        }
        latencies.sort(null);
        LOG.info("commit-to-visible latency over {} events (checkpoint interval 200 ms): p50 {} ms, p99 {} ms, max {} ms",
                latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.get(latencies.size() - 1));
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    @Test
    void relaysABacklogAndReportsThroughput() throws Exception {
        OutboxDatabase db = newOutbox("outbox_throughput");
        String topic = "outbox-throughput";
        kafka.createTopics(4, topic);
        int events = 10_000;
        Map<String, EventEnvelope> committed = Backlog.write(db, events, 200);
        OutboxSourceSettings settings = OutboxSourceSettings.defaults(db).withPublished(
                io.eventline.outbox.relay.PublishedPolicy.DELETE, Duration.ZERO);
        long submitted = System.currentTimeMillis();
        JobClient relay = RelayRunner.start(settings, kafka.bootstrapServers(), topic, registry.ccompatUrl(),
                "outbox-throughput", 500);
        try (CommittedTopicReader reader = new CommittedTopicReader(kafka.bootstrapServers(), topic, registry.ccompatUrl())) {
            List<Received> received = reader.pollUntil(events, Duration.ofSeconds(90));
            assertExactlyTheCommittedEventsInOrder(received, committed);
            long first = received.get(0).receivedAtMillis();
            long last = received.get(received.size() - 1).receivedAtMillis();
            // Exactly once: records become visible per checkpoint, so first-to-last can be one or two commits;
            // submission-to-last includes the job's start and is the honest lower bound.
            LOG.info("relayed a backlog of {} events (checkpoint 500 ms): job submitted to all visible in {} ms = {}"
                    + " events/s including the job's start; first to last visible {} ms", events, last - submitted,
                    events * 1000L / Math.max(1, last - submitted), last - first);
        }
        // DELETE policy: the rows go once their checkpoint completed.
        long deadline = System.currentTimeMillis() + 10_000;
        String left;
        do {
            Thread.sleep(100);
            left = postgres.psql("outbox_throughput", "SELECT count(*) FROM outbox");
        } while (!left.trim().equals("0") && System.currentTimeMillis() < deadline);
        assertThat(left.trim()).isEqualTo("0");
        relay.cancel().get();
    }
}
