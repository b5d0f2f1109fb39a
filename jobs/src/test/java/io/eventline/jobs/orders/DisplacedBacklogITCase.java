package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's backlog: out-of-order events lie far more records behind their successors than the job reads in one
 * gap timeout, and all of them are in the topic. With the gap timeout on the log's clock (Kafka record timestamps as
 * watermarks), the read model is exact and nothing is dead-lettered, however slowly the job reads.
 *
 * <p>220,000 records on two partitions, 4,000 payments each at least 100,000 records behind the shipment that
 * follows them, the whole log produced within 2.2 s of record time; gap timeout 10 s; parallelism 2.
 */
class DisplacedBacklogITCase {

    private static final int ORDERS = 55_000;
    private static final int PARTITIONS = 2;
    private static final int DISPLACED_PER_PARTITION = 2_000;
    /** Records per millisecond of record time: the log is written much faster than the job reads it. */
    private static final int RECORDS_PER_MS = 50;

    @Test
    void theJobReadsTheBacklogIntoExactRowsWithoutAnyDeadLetter() throws Exception {
        DisplacedBacklog backlog = new DisplacedBacklog(ORDERS, PARTITIONS, DISPLACED_PER_PARTITION);
        assertThat(backlog.records()).isGreaterThanOrEqualTo(200_000);
        assertThat(backlog.minDisplacement()).isGreaterThanOrEqualTo(100_000);
        Map<String, OrderSummaryRow> expected = backlog.expectedRows();

        try (OrdersJobRun run = new OrdersJobRun("displaced-backlog", PARTITIONS, 2,
                "--gap-timeout", "PT10S",
                "--gap-policy", "SKIP",
                "--sink-batch-size", "5000",
                "--sink-flush-interval", "PT0.5S",
                "--checkpoint-interval", "PT10S")) {
            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
            long t0 = System.currentTimeMillis();
            long produceStart = System.nanoTime();
            for (int p = 0; p < PARTITIONS; p++) {
                List<EventEnvelope> partition = backlog.log.get(p);
                for (int i = 0; i < partition.size(); i++) {
                    EventEnvelope e = partition.get(i);
                    run.send(p, t0 + i / RECORDS_PER_MS, e.getAggregateId(), serializer.serializeValue(e));
                }
            }
            run.flush();
            long produced = System.nanoTime();
            System.out.printf("displaced backlog: %,d records produced in %d ms%n",
                    backlog.records(), (produced - produceStart) / 1_000_000);

            run.start(null);
            long[] lastChange = {System.nanoTime()};
            int[] lastCorrect = {-1};
            long[] lastDeadLetters = {-1};
            // Until every row is right, or nothing changed for 90 s (the old operator's rows never all get right).
            // Not shorter: catching up, the sink holds merged rows, across checkpoints, up to its 30 s max hold, so
            // on a loaded machine rows can take over 40 s to appear (a 20 s window failed so with a 10 s hold).
            OrdersJobRun.await("the backlog read", Duration.ofMinutes(4), () -> {
                int correct = correctRows(run.orders(), expected);
                long deadLetters = run.deadLetterCount();
                if (correct != lastCorrect[0] || deadLetters != lastDeadLetters[0]) {
                    lastCorrect[0] = correct;
                    lastDeadLetters[0] = deadLetters;
                    lastChange[0] = System.nanoTime();
                }
                return correct == ORDERS || System.nanoTime() - lastChange[0] > Duration.ofSeconds(90).toNanos();
            });
            long read = System.nanoTime();
            Map<String, OrderSummaryRow> rows = run.orders();
            int wrong = ORDERS - correctRows(rows, expected);
            System.out.printf("displaced backlog: read in %d ms; %,d of %,d orders wrong, %,d dead letters%n",
                    (read - produced) / 1_000_000, wrong, ORDERS, run.deadLetterCount());

            assertThat(wrong).as("wrong order_summary rows").isZero();
            assertThat(rows).isEqualTo(expected);
            Thread.sleep(1_000); // a dead letter written after the last row would show now
            assertThat(run.deadLetterCount()).as("dead letters").isZero();
        }
    }

    private static int correctRows(Map<String, OrderSummaryRow> rows, Map<String, OrderSummaryRow> expected) {
        int correct = 0;
        for (Map.Entry<String, OrderSummaryRow> e : expected.entrySet()) {
            if (Objects.equals(rows.get(e.getKey()), e.getValue())) {
                correct++;
            }
        }
        return correct;
    }
}
