package io.eventline.jobs.orders;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.dlq.DlqReader;
import io.eventline.jobs.dlq.DlqRecord;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restore after downtime longer than the gap timeout: sequence 3 waits for 2 when the job stops with a savepoint;
 * the job stays down for longer than the gap timeout, is restored, and then 2 arrives. On the log's clock nothing
 * happened in the log while the job was down, so 2 is applied. On the wall clock (the pre-v2 behaviour, still
 * available as {@code --ordering-clock PROCESSING}) the restored gap timer fires at once and 2 is late.
 */
class GapRestoreITCase {

    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventEnvelope placed = placed("ord-r", "cust-r", 1, at(0), "20.00", item("BOOK-07", 1, "20.00"));
    private final EventEnvelope paid = paid("ord-r", 2, at(1), "20.00");
    private final EventEnvelope shipped = shipped("ord-r", 3, at(2));

    @Test
    void onTheLogsClockTheDowntimeDoesNotCountAndTheLateEventIsApplied() throws Exception {
        try (OrdersJobRun run = stopRestoreAndSendTheMissingEvent("gap-restore-log", "LOG")) {
            OrdersJobRun.await("ord-r shipped", WAIT,
                    () -> fold(placed, paid, shipped).equals(run.orders().get("ord-r")));
            Thread.sleep(2_000);
            assertThat(run.orders()).isEqualTo(Map.of("ord-r", fold(placed, paid, shipped)));
            assertThat(run.deadLetterCount()).isZero();
        }
    }

    @Test
    void onTheWallClockTheRestoredGapTimerFiresAndTheLateEventIsDeadLettered() throws Exception {
        try (OrdersJobRun run = stopRestoreAndSendTheMissingEvent("gap-restore-wall", "PROCESSING")) {
            OrdersJobRun.await("three dead letters", WAIT, () -> run.deadLetterCount() == 3);
            Thread.sleep(2_000);
            assertThat(run.orders()).isEqualTo(Map.of("ord-r", fold(placed)));
            assertThat(DlqReader.deadLetters(run.kafka.bootstrapServers(), run.topic + ".dlq",
                            RegistryConfig.of(run.registry.ccompatUrl())))
                    .extracting(DlqRecord::stage, DlqRecord::reason, DlqRecord::sequence)
                    .containsExactlyInAnyOrder(tuple("order", "gap-timeout", 2L),
                            tuple("project", "illegal-transition", 3L), tuple("order", "late-after-skip", 2L));
        }
    }

    private OrdersJobRun stopRestoreAndSendTheMissingEvent(String name, String clock) throws Exception {
        OrdersJobRun run = new OrdersJobRun(name, 1, 1, "--gap-timeout", GAP_TIMEOUT.toString(),
                "--ordering-clock", clock,
                // No wall-clock fallback within this test: the topic is idle only for a few seconds.
                "--source-idle-timeout", "PT60S",
                "--checkpoint-interval", "PT1S", "--sink-batch-size", "10", "--sink-flush-interval", "PT0.1S");
        EnvelopeRecordSerializer avro =
                new EnvelopeRecordSerializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
        run.start(null);
        run.send(0, System.currentTimeMillis(), "ord-r", avro.serializeValue(placed));
        run.send(0, System.currentTimeMillis(), "ord-r", avro.serializeValue(shipped));
        run.flush();
        OrdersJobRun.await("ord-r placed, 3 waiting", WAIT, () -> fold(placed).equals(run.orders().get("ord-r")));

        String savepoint = run.stopWithSavepoint();
        Thread.sleep(GAP_TIMEOUT.multipliedBy(2).toMillis()); // down for longer than the gap timeout

        run.start(savepoint);
        run.send(0, System.currentTimeMillis(), "ord-r", avro.serializeValue(paid));
        run.flush();
        return run;
    }

    private static OrderSummaryRow fold(EventEnvelope... events) {
        OrderSummaryRow row = null;
        for (EventEnvelope e : events) {
            row = OrderSummaryProjection.apply(row, e).state();
        }
        return row;
    }
}
