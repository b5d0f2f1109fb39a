package io.eventline.cli.dlq;

import static io.eventline.cli.dlq.DlqReplayITCase.fold;
import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static io.eventline.jobs.orders.projection.OrderEvents.delivered;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.paymentFailed;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.cli.ShippedCli;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gap policy PARK with a control topic: parked aggregates are listed from the DLQ, and {@code dlq unpark} resumes
 * them so that their buffered and dead-lettered events apply in order. Two cases: the missing event arrived while
 * the aggregate was parked (its replay fills the gap, no UNPARK needed), and it never arrives (UNPARK accepts the
 * gap, the parked events are replayed).
 */
class DlqParkITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RunningJob job;

    @BeforeAll
    static void start() throws Exception {
        job = new RunningJob("dlq-park", "PARK", new Configuration());
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.close();
        }
    }

    @Test
    void parkThenUnparkAppliesEveryEventInOrder() throws Exception {
        // ord-p: payment (2) late. ord-q: payment failure (2) never comes.
        EventEnvelope placedP = placed("ord-p", "cust-p", 1, at(0), "20.00", item("BOOK-07", 1, "20.00"));
        EventEnvelope paidP = paid("ord-p", 2, at(1), "20.00");
        EventEnvelope shippedP = shipped("ord-p", 3, at(2));
        EventEnvelope deliveredP = delivered("ord-p", 4, at(3));
        EventEnvelope placedQ = placed("ord-q", "cust-q", 1, at(10), "5.50", item("PEN-03", 1, "5.50"));
        EventEnvelope failedQ = paymentFailed("ord-q", 2, at(11));
        EventEnvelope paidQ = paid("ord-q", 3, at(12), "5.50");
        EventEnvelope shippedQ = shipped("ord-q", 4, at(13));

        job.send(placedP, shippedP, placedQ, paidQ);
        RunningJob.await("both parked", WAIT,
                () -> job.deadLetters("ord-p").size() == 1 && job.deadLetters("ord-q").size() == 1);
        job.send(deliveredP, paidP, shippedQ);
        RunningJob.await("parked dead letters", WAIT,
                () -> job.deadLetters("ord-p").size() == 3 && job.deadLetters("ord-q").size() == 2);
        assertThat(job.deadLetters("ord-p")).extracting(DlqRecord::reason, DlqRecord::sequence)
                .containsExactly(tuple("gap-timeout", 2L), tuple("parked", 4L), tuple("parked", 2L));
        assertThat(job.deadLetters("ord-q")).extracting(DlqRecord::reason, DlqRecord::sequence)
                .containsExactly(tuple("gap-timeout", 2L), tuple("parked", 4L));
        RunningJob.await("first events applied", WAIT, () -> fold(placedP).equals(job.order("ord-p"))
                && fold(placedQ).equals(job.order("ord-q")));

        ShippedCli.Result parked = job.dlq("parked");
        assertThat(parked.exitCode()).as(parked.err()).isEqualTo(0);
        assertThat(parked.out().lines().skip(2).map(l -> l.split("\\s+"))
                .map(cols -> cols[0] + " " + cols[2] + " " + cols[3]).toList())
                .containsExactlyInAnyOrder("ord-p 2 2", "ord-q 2 1");

        // ord-p: the missing payment is among the parked dead letters: replayed in order, it fills the gap.
        ShippedCli.Result unparkP = job.dlq("unpark", "ord-p");
        assertThat(unparkP.exitCode()).as(unparkP.err()).isEqualTo(0);
        assertThat(unparkP.out()).contains("no UNPARK needed").contains("replayed 2 to " + job.topic);
        // ord-q: UNPARK skips the gap; the replayed shipment follows the released payment.
        ShippedCli.Result unparkQ = job.dlq("unpark", "ord-q");
        assertThat(unparkQ.exitCode()).as(unparkQ.err()).isEqualTo(0);
        assertThat(unparkQ.out()).contains("wrote UNPARK for ord-q").contains("replayed 1 to " + job.topic);

        RunningJob.await("ord-p delivered", WAIT,
                () -> fold(placedP, paidP, shippedP, deliveredP).equals(job.order("ord-p")));
        RunningJob.await("ord-q shipped", WAIT, () -> fold(placedQ, paidQ, shippedQ).equals(job.order("ord-q")));
        assertThat(job.order("ord-p")).extracting(r -> r.status, r -> r.lastSequence, r -> r.version)
                .containsExactly("delivered", 4L, 4L);
        assertThat(job.order("ord-q")).extracting(r -> r.status, r -> r.lastSequence, r -> r.version)
                .containsExactly("shipped", 4L, 3L);
        RunningJob.await("customers", WAIT, () -> job.customer("cust-p") != null && job.customer("cust-p").version == 4
                && job.customer("cust-q") != null && job.customer("cust-q").version == 3);
        CustomerOrdersRow p = job.customer("cust-p");
        CustomerOrdersRow q = job.customer("cust-q");
        assertThat(p.ordersPlaced).isEqualTo(1);
        assertThat(p.lifetimeValue).isEqualByComparingTo("20.00");
        assertThat(q.ordersPlaced).isEqualTo(1);
        assertThat(q.lifetimeValue).isEqualByComparingTo("5.50");

        Thread.sleep(2_000);
        assertThat(job.deadLetters("ord-p")).hasSize(3);
        assertThat(job.deadLetters("ord-q")).hasSize(2);
        assertThat(job.dlq("parked").exitCode()).as("nothing parked any more").isEqualTo(1);
        assertThat(failedQ.getSequenceNumber()).isEqualTo(2L); // never sent: the gap UNPARK accepted
    }
}
