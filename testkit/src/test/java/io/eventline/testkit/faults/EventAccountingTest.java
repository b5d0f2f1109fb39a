package io.eventline.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** produced = applied + dead-lettered per order, against rows in a real PostgreSQL. */
class EventAccountingTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static String url;
    private OrderWorkload workload;
    private EventAccounting accounting;

    @BeforeEach
    void rowsAsTheWorkloadExpects() {
        if (url == null) {
            SERVER.dropDatabase("event_accounting");
            url = SERVER.createDatabase("event_accounting");
        }
        sql("DROP TABLE IF EXISTS order_summary; CREATE TABLE order_summary (order_id TEXT PRIMARY KEY, version BIGINT)");
        workload = new OrderWorkload(WorkloadSettings.builder().events(200).aggregates(40).duplicateRate(0.1)
                .outOfOrderRate(0.2).build());
        accounting = new EventAccounting(workload);
        for (Outgoing out; (out = workload.next()) != null; ) {
            accounting.sent(out);
        }
        StringJoiner rows = new StringJoiner(", ", "INSERT INTO order_summary VALUES ", "");
        for (int k = 0; k < workload.aggregates(); k++) {
            if (workload.hasOrder(k)) {
                rows.add("('" + workload.orderId(k) + "', " + workload.expectedOrder(k).version() + ")");
            }
        }
        sql(rows.toString());
    }

    private void sql(String statement) {
        SERVER.psql("event_accounting", statement);
    }

    private static RecordHeaders letter(String id, String aggregate, long sequence) {
        RecordHeaders h = new RecordHeaders();
        h.add("dlq-id", id.getBytes(StandardCharsets.UTF_8));
        h.add("dlq-reason", "illegal-transition".getBytes(StandardCharsets.UTF_8));
        h.add("dlq-event-id", ("evt-" + aggregate + "-" + sequence).getBytes(StandardCharsets.UTF_8));
        h.add("dlq-aggregate-id", aggregate.getBytes(StandardCharsets.UTF_8));
        h.add("dlq-sequence", Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void theExpectedRowsAccountForEveryEventOnce() throws Exception {
        try (DeadLetterLedger ledger = new DeadLetterLedger("127.0.0.1:1", "unused")) {
            EventAccounting.Result r = accounting.check(url, ledger);
            assertThat(r.exact()).as(r.toString()).isTrue();
            assertThat(r.produced()).isEqualTo(200);
            assertThat(r.applied()).isEqualTo(200);
        }
    }

    @Test
    void aMissingApplicationIsLostUnlessTheEventIsInTheDlqAndAnExtraOneIsDoubleApplied() throws Exception {
        String lost = workload.orderId(0);
        String doubled = workload.orderId(1);
        sql("UPDATE order_summary SET version = version - 1 WHERE order_id = '" + lost + "'");
        sql("UPDATE order_summary SET version = version + 1 WHERE order_id = '" + doubled + "'");
        try (DeadLetterLedger ledger = new DeadLetterLedger("127.0.0.1:1", "unused")) {
            EventAccounting.Result r = accounting.check(url, ledger);
            assertThat(r.lost()).isEqualTo(1);
            assertThat(r.doubleApplied()).isEqualTo(1);

            ledger.add(letter("x", lost, 1));
            ledger.add(letter("x", lost, 1)); // the same dead letter again: still one
            r = accounting.check(url, ledger);
            assertThat(r.lost()).isZero();
            assertThat(r.deadLettered()).isEqualTo(1);
            assertThat(r.doubleApplied()).isEqualTo(1);

            ledger.add(letter("y", lost, 1)); // the same event dead-lettered as a second failure
            assertThat(accounting.check(url, ledger).deadLetteredTwice()).isEqualTo(1);
        }
    }
}
