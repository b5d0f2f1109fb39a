package io.eventline.testkit.workload;

import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * What processing the workload must produce, kept while generating with the workload's own model
 * ({@link OrderLifecycle#next}), never the job's projection: per order its status, version, last sequence and
 * times; the customer rows folded from them; the dead letters. The customer's name in order_summary is the one its
 * CustomerRegistered carried when the workload emitted one (the only customer event it writes, so every order of
 * that customer ends with it, open or closed, whichever arrived first), else null; the tier is never set.
 */
final class ExpectedReadModel {

    private static final String[] STATUSES = {null, "placed", "paid", "payment_failed", "shipped", "delivered", "cancelled"};

    private final OrderCatalog orders;
    private final OrderEvents events;
    private final BitSet customersAnnounced;
    private final byte[] status;
    private final int[] version;
    private final int[] lastSeq;
    private final long[] placedAtMillis;
    private final long[] updatedAtMillis;
    private long illegalAfterGap;
    /**
     * Orders the projection holds: after it rejects an event (the job's default poison policy, HOLD), it applies
     * none of the order's later events and dead-letters each as {@code parked}, until the rejected one is replayed.
     */
    private final boolean[] held;
    private long parkedBehindHold;
    /** Only events that occurred at or before this time count (an as-of expectation); MAX_VALUE: all. */
    private long cutoffMillis = Long.MAX_VALUE;

    /** @param customersAnnounced the customers whose CustomerRegistered the workload emitted (filled as it goes) */
    ExpectedReadModel(OrderCatalog orders, OrderEvents events, BitSet customersAnnounced) {
        this.orders = orders;
        this.events = events;
        this.customersAnnounced = customersAnnounced;
        int a = orders.length.length;
        status = new byte[a];
        version = new int[a];
        lastSeq = new int[a];
        placedAtMillis = new long[a];
        updatedAtMillis = new long[a];
        held = new boolean[a];
    }

    /** Applies event {@code s} of order {@code k}; after a permanent gap an illegal transition is a dead letter. */
    void apply(int k, int s, String type, long ts, boolean afterGap) {
        if (ts > cutoffMillis) {
            return; // later than the as-of moment: the order's later events occur later still
        }
        if (held[k]) {
            parkedBehindHold++;
            return;
        }
        String next = OrderLifecycle.next(STATUSES[status[k]], type);
        if (next == null) {
            if (afterGap) {
                illegalAfterGap++;
                held[k] = true;
                return;
            }
            throw new IllegalStateException("workload bug: " + type + " illegal in " + STATUSES[status[k]]);
        }
        if (s == 1) {
            placedAtMillis[k] = ts;
        }
        status[k] = code(next);
        version[k]++;
        lastSeq[k] = s;
        updatedAtMillis[k] = ts;
    }

    void cutoff(long millis) {
        cutoffMillis = millis;
    }

    /** Whether order {@code k} has a row: at least one event applied (under a cutoff, one that occurred by then). */
    boolean hasRow(int k) {
        return version[k] > 0 || (cutoffMillis == Long.MAX_VALUE && orders.length[k] > 0);
    }

    private static byte code(String status) {
        for (byte i = 1; i < STATUSES.length; i++) {
            if (STATUSES[i].equals(status)) {
                return i;
            }
        }
        throw new IllegalArgumentException(status);
    }

    long versionSum() {
        long sum = 0;
        for (int v : version) {
            sum += v;
        }
        return sum;
    }

    Map<String, Long> deadLetters() {
        WorkloadSettings settings = orders.settings;
        Map<String, Long> m = new TreeMap<>();
        if (orders.gaps > 0) {
            m.put("gap-timeout", orders.gaps);
        }
        if (illegalAfterGap > 0) {
            m.put("illegal-transition", illegalAfterGap);
        }
        if (parkedBehindHold > 0) {
            m.put("parked", parkedBehindHold);
        }
        if (settings.malformed() > 0) {
            m.put("malformed", (long) settings.malformed());
        }
        if (settings.invalidEnvelopes() > 0) {
            m.put("invalid-envelope", (long) settings.invalidEnvelopes());
        }
        return m;
    }

    OrderRow order(int k) {
        int s = lastSeq[k];
        String orderId = orders.orderId(k);
        int c = orders.customer[k];
        String customerId = orders.customerId(c);
        return new OrderRow(orderId, customerId, STATUSES[status[k]], orders.units[k],
                events.total(k), OrderCatalog.CURRENCIES[orders.currency[k]], s, "evt-" + orderId + "-" + s, version[k],
                Instant.ofEpochMilli(placedAtMillis[k]), Instant.ofEpochMilli(updatedAtMillis[k]),
                customersAnnounced.get(c) ? OrderWorkload.customerName(customerId) : null, null);
    }

    CustomerRow[] customers() {
        int n = orders.customers;
        CustomerRow[] out = new CustomerRow[n];
        int[] placed = new int[n];
        int[] cancelled = new int[n];
        long[] ltvCents = new long[n];
        long[] lastOrder = new long[n];
        long[] updated = new long[n];
        long[] versions = new long[n];
        for (int k = 0; k < orders.length.length; k++) {
            if (orders.length[k] == 0 || !hasRow(k)) {
                continue;
            }
            int c = orders.customer[k];
            placed[c]++;
            String st = STATUSES[status[k]];
            if (st.equals("cancelled")) {
                cancelled[c]++;
            }
            if (OrderLifecycle.countsTowardLifetimeValue(st)) {
                ltvCents[c] += orders.totalCents[k];
            }
            lastOrder[c] = Math.max(lastOrder[c], placedAtMillis[k]);
            updated[c] = Math.max(updated[c], updatedAtMillis[k]);
            versions[c] += version[k];
        }
        for (int c = 0; c < n; c++) {
            if (placed[c] > 0) {
                out[c] = new CustomerRow(orders.customerId(c), placed[c], cancelled[c], BigDecimal.valueOf(ltvCents[c], 2),
                        Instant.ofEpochMilli(lastOrder[c]), Instant.ofEpochMilli(updated[c]), versions[c]);
            }
        }
        return out;
    }
}
