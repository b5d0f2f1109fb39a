package io.eventline.testkit.faults;

import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The "every produced event ends somewhere exactly once" oracle. The producer side records each distinct event it
 * sent (retries of the same record are one event); at the end every order must satisfy
 * {@code produced = applied + dead-lettered}, where applied is the row's version (one per applied event) and
 * dead-lettered counts the order's produced event ids in the DLQ, each once however many times it was written
 * under the same dead-letter id. More than that is a double application (or an event both applied and
 * dead-lettered), less is a lost event. Events of no order (invalid envelopes) must each be in the DLQ.
 */
public final class EventAccounting {

    /** The outcome over all orders. */
    public record Result(long produced, long applied, long deadLettered, long lost, long doubleApplied,
            long deadLetteredTwice, List<String> samples) {
        public boolean exact() {
            return lost == 0 && doubleApplied == 0 && deadLetteredTwice == 0;
        }

        @Override
        public String toString() {
            return String.format("%,d events produced = %,d applied + %,d dead-lettered; %,d lost, %,d double-applied, "
                    + "%,d dead-lettered under two ids%s", produced, applied, deadLettered, lost, doubleApplied,
                    deadLetteredTwice, samples.isEmpty() ? "" : "; e.g. " + samples);
        }
    }

    private static final String GAP_RECORD = "gap-timeout";
    private final OrderWorkload workload;
    private final int[] produced;
    /** (order index, sequence) of each distinct event sent, packed into a long. */
    private final Set<Long> sent = new HashSet<>();
    private final Set<String> orderlessEventIds = new HashSet<>();

    public EventAccounting(OrderWorkload workload) {
        this.workload = workload;
        this.produced = new int[workload.aggregates()];
    }

    /** Records a record the producer sent (call for every record, duplicates included). */
    public synchronized void sent(Outgoing out) {
        if (out.event() == null || out.duplicate()) {
            return;
        }
        if (out.aggregate() < 0) {
            orderlessEventIds.add(out.event().getEventId());
        } else if (sent.add(pack(out.aggregate(), out.sequence()))) {
            produced[out.aggregate()]++;
        }
    }

    private static long pack(int order, long sequence) {
        return ((long) order << 32) | (sequence & 0xffffffffL);
    }

    /** Compares the rows' versions and the ledger's dead letters with what was sent. */
    public synchronized Result check(String jdbcUrl, DeadLetterLedger ledger) throws SQLException {
        int[] applied = new int[produced.length];
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT order_id, version FROM order_summary")) {
            while (rs.next()) {
                int k = workload.orderIndex(rs.getString(1));
                if (k >= 0) {
                    applied[k] = rs.getInt(2);
                }
            }
        }
        int[] deadLettered = new int[produced.length];
        Set<String> counted = new HashSet<>();
        long orderless = 0;
        for (DeadLetterLedger.Letter l : ledger.letters()) {
            // a gap record reports a missing event, not the end of the event it names
            if (GAP_RECORD.equals(l.reason()) || l.eventId() == null || !counted.add(l.eventId())) {
                continue; // a gap record, a raw record, or an event already counted (see deadLetteredTwice)
            }
            if (orderlessEventIds.contains(l.eventId())) {
                orderless++;
                continue;
            }
            int k = l.aggregateId() == null ? -1 : workload.orderIndex(l.aggregateId());
            if (k >= 0 && l.sequence() != null && sent.contains(pack(k, l.sequence()))) {
                deadLettered[k]++;
            }
        }
        long p = orderlessEventIds.size(), a = 0, d = orderless, lost = orderlessEventIds.size() - orderless, over = 0;
        List<String> samples = new ArrayList<>();
        for (int k = 0; k < produced.length; k++) {
            p += produced[k];
            a += applied[k];
            d += deadLettered[k];
            int diff = produced[k] - applied[k] - deadLettered[k];
            if (diff != 0 && samples.size() < 5) {
                samples.add(workload.orderId(k) + ": sent " + produced[k] + ", applied " + applied[k]
                        + ", dead-lettered " + deadLettered[k]);
            }
            if (diff > 0) {
                lost += diff;
            } else {
                over -= diff;
            }
        }
        return new Result(p, a, d, lost, over, ledger.eventIdsUnderSeveralIds().size(), samples);
    }
}
