package io.eventline.outbox;

import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderShipped;
import io.eventline.outbox.command.AggregateLock;
import io.eventline.outbox.command.OutboxAppender;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent writers of outbox transactions of random length over a small set of aggregates (so they contend):
 * 1-3 events per transaction, some rolled back, some held open for seconds while the others commit. Records what
 * surely committed, what surely did not, and what is uncertain (the commit call itself failed, e.g. while the
 * database restarted).
 */
final class RandomWriters {

    record Plan(int writers, int transactionsEach, int aggregates, double rollbackRate, double holdRate,
            long holdMillisMin, long holdMillisMax, long seed) {}

    final Map<String, EventEnvelope> committed = new ConcurrentHashMap<>();
    final Map<String, Long> committedAtMillis = new ConcurrentHashMap<>();
    final Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    final Set<String> uncertain = ConcurrentHashMap.newKeySet();

    private final OutboxDatabase database;
    private final Plan plan;
    private final String aggregatePrefix;

    RandomWriters(OutboxDatabase database, Plan plan, String aggregatePrefix) {
        this.database = database;
        this.plan = plan;
        this.aggregatePrefix = aggregatePrefix;
    }

    /** Runs every writer to the end. */
    void run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(plan.writers());
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < plan.writers(); w++) {
            long seed = plan.seed() * 31 + w;
            done.add(pool.submit(() -> {
                writer(new Random(seed));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    private void writer(Random random) throws InterruptedException {
        int written = 0;
        while (written < plan.transactionsEach()) {
            try {
                transaction(random);
                written++;
            } catch (SQLException e) {
                Thread.sleep(50); // database down: nothing committed, try another transaction
            }
        }
    }

    private void transaction(Random random) throws SQLException, InterruptedException {
        String aggregate = aggregatePrefix + random.nextInt(plan.aggregates());
        List<EventEnvelope> events = new ArrayList<>();
        try (Connection c = database.connect(10)) {
            c.setAutoCommit(false);
            AggregateLock.acquire(c, "Order", aggregate);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                events.add(OutboxAppender.append(c, "Order", aggregate,
                        new OrderShipped(aggregate, "DHL", "T-" + random.nextInt(1_000_000)),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), null));
                Thread.sleep(random.nextInt(5));
            }
            boolean hold = random.nextDouble() < plan.holdRate();
            Thread.sleep(hold ? plan.holdMillisMin() + random.nextLong(plan.holdMillisMax() - plan.holdMillisMin())
                    : random.nextInt(20));
            if (random.nextDouble() < plan.rollbackRate()) {
                c.rollback();
                events.forEach(e -> rolledBack.add(e.getEventId()));
                return;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                events.forEach(ev -> uncertain.add(ev.getEventId()));
                throw e;
            }
            long now = System.currentTimeMillis();
            for (EventEnvelope e : events) {
                committed.put(e.getEventId(), e);
                committedAtMillis.put(e.getEventId(), now);
            }
        } catch (SQLException e) {
            // failed before commit: the transaction did not commit
            if (!events.isEmpty() && !uncertain.contains(events.get(0).getEventId())) {
                events.forEach(ev -> rolledBack.add(ev.getEventId()));
            }
            throw e;
        }
    }
}
