package io.eventline.bench;

import io.eventline.demo.OrderLifecycle;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderDelivered;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.PaymentFailed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The benchmark workload: a stream of order events drawn one at a time, with its expected read model computed
 * alongside. Nothing proportional to the number of events is held in memory: per aggregate a few primitive
 * arrays (event count, next sequence, status, version), so 10M+ events over 1M aggregates fit in a few tens of MB.
 *
 * <h2>Shape</h2>
 * Two passes over the same seeded key draws. Pass one only counts how many events each aggregate gets (uniform or
 * Zipf key choice), which fixes each order's lifecycle length L. Pass two ({@link #next()}) draws again and emits
 * the next event of the drawn order. An order's events are one of the demo's {@link OrderLifecycle} shapes,
 * stretched to L events with PaymentFailed retries after OrderPlaced (the only transition the order domain allows
 * to repeat) or cut to its first L events; every event of a lifecycle is a legal transition.
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li><b>out of order</b>: an event is held back until 1-5 later events of its own order were sent (its
 *       displacement within the aggregate), but never longer than {@code holdWindow} records after its first
 *       successor was sent: the wait a reordering buffer sees is bounded in records, so a gap timeout far above
 *       {@code holdWindow / throughput} never mistakes a displaced event for a lost one;</li>
 *   <li><b>duplicates</b>: an event sent again 1-30 records later (same bytes, as a producer retry);</li>
 *   <li><b>permanent gaps</b>: one event (never the first or the last) of some orders is never sent. Chosen in
 *       pass one among events drawn in the first 60% of the stream whose order's next event is drawn before 80% of
 *       it, and only in orders of at most 250 events: the gap timer starts early enough to be resolved while the
 *       run still reads, and no reordering buffer overflows behind it. Events after the gap that are no longer
 *       legal transitions (e.g. OrderShipped after a lost PaymentAuthorized) are expected as dead letters.</li>
 * </ul>
 *
 * <h2>Expected read model</h2>
 * Computed while generating, with the demo's independent transition model ({@link OrderLifecycle#next}), not
 * the job's projection: per order its status, version, last sequence; per customer the totals over its orders.
 */
public final class Workload {

    /** What to generate; rates are per event. */
    public record Settings(long seed, long events, int aggregates, boolean zipf, double zipfExponent,
            double duplicateRate, double outOfOrderRate, double gapRate, int maxDisplacement, int holdWindow,
            String idPrefix) {

        public Settings withEvents(long n, int aggregates, String prefix, double gapRate) {
            return new Settings(seed + 1, n, aggregates, zipf, zipfExponent, duplicateRate, outOfOrderRate, gapRate,
                    maxDisplacement, holdWindow, prefix);
        }
    }

    /** One record to send. */
    public record Outgoing(int aggregate, long sequence, EventEnvelope event, boolean duplicate) {}

    static final Instant EPOCH = Instant.parse("2025-06-28T10:00:00Z");
    private static final String[] SKUS = {"WIDGET-01", "WIDGET-02", "GADGET-07", "GIZMO-11", "DOOHICKEY-3", "SPROCKET-9"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    private static final OrderLifecycle[] SHAPES = OrderLifecycle.values();
    static final String[] STATUSES = {null, "placed", "paid", "payment_failed", "shipped", "delivered", "cancelled"};

    final Settings settings;
    final int customers;
    private final double[] zipfCdf;

    // per aggregate
    final int[] length;
    private final int[] nextSeq;
    /** Sequence number of the event never sent, per order; 0 for none. */
    final int[] gapSeq;
    final byte[] shape;
    final int[] customer;
    final long[] totalCents;
    final int[] units;
    final byte[] currency;
    /** Expected state, maintained while generating. */
    final byte[] status;
    final int[] version;
    final int[] lastSeq;
    final long[] placedAtMillis;
    final long[] updatedAtMillis;

    private SplittableRandom draws;
    private final SplittableRandom faults;
    private long drawn;
    private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
    private final Map<Integer, Held> held = new HashMap<>();
    private final ArrayDeque<Held> holdDeadlines = new ArrayDeque<>();
    private final PriorityQueue<Dup> dups = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private long sent;
    private LongSupplier clock;

    // counters
    long records;
    long duplicates;
    long displaced;
    long withheld;
    long illegalAfterGap;
    long gaps;
    long bytes;
    long checksum;
    final long[] displacementHistogram = new long[16];

    private static final class Held {
        final int aggregate;
        final Outgoing out;
        int remaining;
        long deadline = -1;
        boolean released;
        int passedBy;

        Held(int aggregate, Outgoing out, int remaining) {
            this.aggregate = aggregate;
            this.out = out;
            this.remaining = remaining;
        }
    }

    private record Dup(long at, Outgoing out) {}

    /**
     * @param clock event occurrence time for the event being generated, or {@code null} for the synthetic
     *     timeline of the backlog (EPOCH + 7 s per order + 10 min per sequence number)
     */
    public Workload(Settings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        int a = settings.aggregates();
        this.customers = Math.max(1, a / 4);
        this.zipfCdf = settings.zipf() ? zipfCdf(a, settings.zipfExponent()) : null;
        length = new int[a];
        nextSeq = new int[a];
        shape = new byte[a];
        customer = new int[a];
        totalCents = new long[a];
        units = new int[a];
        currency = new byte[a];
        status = new byte[a];
        version = new int[a];
        lastSeq = new int[a];
        placedAtMillis = new long[a];
        updatedAtMillis = new long[a];
        gapSeq = new int[a];

        // pass one: how many events each order gets, and gap candidates
        SplittableRandom r = new SplittableRandom(settings.seed());
        SplittableRandom g = new SplittableRandom(settings.seed() * 17 + 3);
        long gapHorizon = (long) (settings.events() * 0.6);
        long successorHorizon = (long) (settings.events() * 0.8);
        double gapCandidateRate = Math.min(1, settings.gapRate() * 2.5 / 0.6);
        for (long i = 0; i < settings.events(); i++) {
            int k = draw(r);
            int s = ++length[k];
            if (gapSeq[k] == s - 1 && s > 2) {
                // the candidate's successor: keep the candidate only when it comes early enough
                if (i >= successorHorizon) {
                    gapSeq[k] = 0;
                } else {
                    gapSeq[k] = -gapSeq[k]; // confirmed (negative until chosen)
                }
            }
            if (gapSeq[k] == 0 && s >= 2 && i < gapHorizon && settings.gapRate() > 0
                    && g.nextDouble() < gapCandidateRate) {
                gapSeq[k] = s;
            }
        }
        for (int k = 0; k < a; k++) {
            Random ar = aggregateRandom(k);
            shape[k] = (byte) OrderLifecycle.pick(ar).ordinal();
            customer[k] = ar.nextInt(customers);
            currency[k] = (byte) ar.nextInt(CURRENCIES.length);
            long cents = 0;
            int u = 0;
            for (int i = 0, n = 1 + ar.nextInt(4); i < n; i++) {
                ar.nextInt(SKUS.length);
                int q = 1 + ar.nextInt(5);
                long price = 100 + ar.nextInt(20_000);
                cents += q * price;
                u += q;
            }
            totalCents[k] = cents;
            units[k] = u;
        }
        faults = new SplittableRandom(settings.seed() * 31 + 7);
        chooseGaps();
        draws = new SplittableRandom(settings.seed());
    }

    private void chooseGaps() {
        long wanted = Math.round(settings.gapRate() * settings.events());
        List<Integer> eligible = new ArrayList<>();
        for (int k = 0; k < length.length; k++) {
            // confirmed candidates are negative; positive ones never saw their successor
            if (gapSeq[k] < 0 && length[k] <= 250) {
                eligible.add(k);
            }
        }
        int[] chosen = new int[length.length];
        for (int i = 0; i < Math.min(wanted, eligible.size()); i++) {
            int j = i + faults.nextInt(eligible.size() - i);
            int pick = eligible.get(j);
            eligible.set(j, eligible.get(i));
            chosen[pick] = -gapSeq[pick];
            gaps++;
        }
        System.arraycopy(chosen, 0, gapSeq, 0, chosen.length);
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private int draw(SplittableRandom r) {
        if (zipfCdf == null) {
            return r.nextInt(length.length);
        }
        double u = r.nextDouble();
        int lo = 0, hi = zipfCdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private Random aggregateRandom(int k) {
        return new Random(settings.seed() * 1_000_003L + k * 0x9E3779B97F4A7C15L);
    }

    public String orderId(int k) {
        return String.format("%s-%07d", settings.idPrefix(), k);
    }

    public String customerId(int c) {
        return String.format("%s-cust-%06d", settings.idPrefix(), c);
    }

    /** The event type of sequence {@code s} (1-based) of order {@code k}. */
    String eventType(int k, int s) {
        List<String> types = SHAPES[shape[k]].eventTypes;
        int l = length[k];
        if (l >= types.size()) {
            int extra = l - types.size();
            if (s == 1) {
                return types.get(0);
            }
            if (s <= 1 + extra) {
                return "PaymentFailed";
            }
            return types.get(s - 1 - extra);
        }
        return types.get(s - 1);
    }

    private BigDecimal total(int k) {
        return BigDecimal.valueOf(totalCents[k], 2);
    }

    private long timestamp(int k, int s) {
        if (clock != null) {
            return clock.getAsLong();
        }
        return EPOCH.toEpochMilli() + k * 7_000L + s * 600_000L;
    }

    private EventEnvelope build(int k, int s, String type, long ts) {
        String orderId = orderId(k);
        Object payload = switch (type) {
            case "OrderPlaced" -> {
                Random ar = aggregateRandom(k);
                OrderLifecycle.pick(ar);
                ar.nextInt(customers);
                ar.nextInt(CURRENCIES.length);
                List<LineItem> items = new ArrayList<>();
                for (int i = 0, n = 1 + ar.nextInt(4); i < n; i++) {
                    String sku = SKUS[ar.nextInt(SKUS.length)];
                    int q = 1 + ar.nextInt(5);
                    items.add(new LineItem(sku, q, BigDecimal.valueOf(100 + ar.nextInt(20_000), 2)));
                }
                yield new OrderPlaced(orderId, customerId(customer[k]), items, total(k), CURRENCIES[currency[k]]);
            }
            case "PaymentAuthorized" -> new PaymentAuthorized(orderId, "pay-" + orderId + "-" + s, total(k),
                    CURRENCIES[currency[k]]);
            case "PaymentFailed" -> new PaymentFailed(orderId, "card declined by issuer (code 05, do not honour); attempt "
                    + s + " via gateway psp-eu-" + (k % 7) + ", 3-D Secure challenge not completed, retry scheduled"
                    + " with backoff; customer notified by e-mail and in-app message, order held for payment");
            case "OrderShipped" -> new OrderShipped(orderId, "DHL", "TRK" + (1_000_000 + k));
            case "OrderDelivered" -> new OrderDelivered(orderId);
            case "OrderCancelled" -> new OrderCancelled(orderId, "customer request");
            default -> throw new IllegalStateException(type);
        };
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + orderId + "-" + s)
                .setEventType(type)
                .setAggregateType("Order")
                .setAggregateId(orderId)
                .setSequenceNumber((long) s)
                .setTimestamp(Instant.ofEpochMilli(ts))
                .setVersion("1.0")
                .setCorrelationId("corr-" + orderId)
                .setCausationId(s == 1 ? null : "evt-" + orderId + "-" + (s - 1))
                .setPayload(payload)
                .build();
    }

    /** Event times from now on come from {@code clock} (the open-loop producer's scheduled send time). */
    void useClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether another record follows. */
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    /** The next record to send, or {@code null} at the end. */
    public Outgoing next() {
        fill();
        return ready.poll();
    }

    private void fill() {
        while (ready.isEmpty()) {
            if (drawn < settings.events()) {
                step();
            } else if (!held.isEmpty() || !dups.isEmpty()) {
                finish();
            } else {
                return;
            }
        }
    }

    private void step() {
        int k = draw(draws);
        drawn++;
        int s = ++nextSeq[k];
        int l = length[k];
        String type = eventType(k, s);
        int gapAt = gapSeq[k];
        if (s == gapAt) {
            withheld++;
            releaseDue();
            return;
        }
        long ts = timestamp(k, s);
        expect(k, s, type, ts, gapAt > 0 && s > gapAt);
        Outgoing out = new Outgoing(k, s, build(k, s, type, ts), false);

        Held h = held.get(k);
        // holds at twice the rate while below the target share: the one-hold-per-order limit and orders' last
        // events would otherwise bring the share under the target
        if (h == null && s < l && displaced + held.size() < settings.outOfOrderRate() * drawn
                && faults.nextDouble() < 2 * settings.outOfOrderRate()) {
            int successors = l - s - (gapAt > s ? 1 : 0);
            int d = Math.min(1 + faults.nextInt(settings.maxDisplacement()), successors);
            if (d >= 1) {
                held.put(k, new Held(k, out, d));
                releaseDue();
                return;
            }
        }
        emit(out);
        if (h != null) {
            h.remaining--;
            h.passedBy++;
            if (h.deadline < 0) {
                h.deadline = sent + settings.holdWindow();
                holdDeadlines.add(h);
            }
            if (h.remaining == 0 || s == l) {
                release(h);
            }
        }
        releaseDue();
    }

    private void expect(int k, int s, String type, long ts, boolean afterGap) {
        String next = OrderLifecycle.next(STATUSES[status[k]], type);
        if (next == null) {
            if (afterGap) {
                illegalAfterGap++;
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

    private static byte code(String status) {
        for (byte i = 1; i < STATUSES.length; i++) {
            if (STATUSES[i].equals(status)) {
                return i;
            }
        }
        throw new IllegalArgumentException(status);
    }

    private void release(Held h) {
        if (h.released) {
            return;
        }
        h.released = true;
        held.remove(h.aggregate);
        displaced++;
        displacementHistogram[Math.min(h.passedBy, displacementHistogram.length - 1)]++;
        emit(h.out);
    }

    private void releaseDue() {
        while (!holdDeadlines.isEmpty() && (holdDeadlines.peek().released || holdDeadlines.peek().deadline <= sent)) {
            release(holdDeadlines.poll());
        }
        while (!dups.isEmpty() && dups.peek().at <= sent) {
            Outgoing d = dups.poll().out;
            ready.add(d);
            sent++;
            records++;
            duplicates++;
            account(d);
        }
    }

    private void emit(Outgoing out) {
        ready.add(out);
        sent++;
        records++;
        account(out);
        if (faults.nextDouble() < settings.duplicateRate()) {
            dups.add(new Dup(sent + faults.nextInt(30), new Outgoing(out.aggregate(), out.sequence(), out.event(), true)));
        }
    }

    private void account(Outgoing out) {
        checksum += eventChecksum(out.event().getEventId(), out.sequence());
    }

    /** Order-independent checksum of the decoded events: consumers sum the same over what they read. */
    public static long eventChecksum(String eventId, long sequence) {
        return eventId.hashCode() * 0x9E3779B97F4A7C15L + sequence;
    }

    private void finish() {
        for (Held h : new ArrayList<>(held.values())) {
            release(h);
        }
        while (!dups.isEmpty()) {
            Outgoing d = dups.poll().out;
            ready.add(d);
            sent++;
            records++;
            duplicates++;
            account(d);
        }
    }

    /** Records the size of a serialized record (for the average). */
    void countBytes(int n) {
        bytes += n;
    }

    // ---------------------------------------------------------------- expectations

    /** Sum of the expected versions of all order rows; also that of all customer rows (one per applied event). */
    public long expectedVersionSum() {
        long sum = 0;
        for (int v : version) {
            sum += v;
        }
        return sum;
    }

    public long ordersPresent() {
        long n = 0;
        for (int l : length) {
            if (l > 0) {
                n++;
            }
        }
        return n;
    }

    public long gaps() {
        return gaps;
    }

    /** Dead letters the job must write: one gap record per permanent gap, and the projection's rejections. */
    public Map<String, Long> expectedDeadLetters() {
        Map<String, Long> m = new java.util.TreeMap<>();
        if (gaps() > 0) {
            m.put("gap-timeout", gaps());
        }
        if (illegalAfterGap > 0) {
            m.put("illegal-transition", illegalAfterGap);
        }
        return m;
    }

    public boolean isOrderId(String id) {
        return id.startsWith(settings.idPrefix() + "-") && !id.startsWith(settings.idPrefix() + "-cust-");
    }

    public int orderIndex(String orderId) {
        return Integer.parseInt(orderId.substring(settings.idPrefix().length() + 1));
    }

    public int customerIndex(String customerId) {
        return Integer.parseInt(customerId.substring(settings.idPrefix().length() + 6));
    }

    /** The expected final order row of aggregate {@code k} (only for orders with at least one event). */
    public ExpectedOrder expectedOrder(int k) {
        int s = lastSeq[k];
        return new ExpectedOrder(orderId(k), customerId(customer[k]), STATUSES[status[k]], units[k], total(k),
                CURRENCIES[currency[k]], s, "evt-" + orderId(k) + "-" + s, version[k],
                Instant.ofEpochMilli(placedAtMillis[k]), Instant.ofEpochMilli(updatedAtMillis[k]));
    }

    /** The expected customer rows, folded from the expected orders. */
    public ExpectedCustomer[] expectedCustomers() {
        ExpectedCustomer[] out = new ExpectedCustomer[customers];
        int[] placed = new int[customers];
        int[] cancelled = new int[customers];
        long[] ltvCents = new long[customers];
        long[] lastOrder = new long[customers];
        long[] updated = new long[customers];
        long[] versions = new long[customers];
        for (int k = 0; k < length.length; k++) {
            if (length[k] == 0) {
                continue;
            }
            int c = customer[k];
            placed[c]++;
            String st = STATUSES[status[k]];
            if (st.equals("cancelled")) {
                cancelled[c]++;
            }
            if (OrderLifecycle.countsTowardLifetimeValue(st)) {
                ltvCents[c] += totalCents[k];
            }
            lastOrder[c] = Math.max(lastOrder[c], placedAtMillis[k]);
            updated[c] = Math.max(updated[c], updatedAtMillis[k]);
            versions[c] += version[k];
        }
        for (int c = 0; c < customers; c++) {
            if (placed[c] > 0) {
                out[c] = new ExpectedCustomer(customerId(c), placed[c], cancelled[c], BigDecimal.valueOf(ltvCents[c], 2),
                        Instant.ofEpochMilli(lastOrder[c]), Instant.ofEpochMilli(updated[c]), versions[c]);
            }
        }
        return out;
    }

    public record ExpectedOrder(String orderId, String customerId, String status, int itemCount, BigDecimal total,
            String currency, long lastSequence, String lastEventId, long version, Instant placedAt, Instant updatedAt) {}

    public record ExpectedCustomer(String customerId, int ordersPlaced, int ordersCancelled, BigDecimal lifetimeValue,
            Instant lastOrderAt, Instant updatedAt, long version) {}

    public String describe() {
        return String.format("%,d events drawn over %,d aggregates (%s), %,d records sent: %,d duplicates (%.1f%% of the events sent), "
                        + "%,d out of order (%.1f%%, displaced 1-%d within their aggregate), %,d permanent gaps (%.2f%%)",
                settings.events(), settings.aggregates(), settings.zipf() ? "Zipf s=" + settings.zipfExponent() : "uniform",
                records, duplicates, 100.0 * duplicates / Math.max(1, records - duplicates), displaced,
                100.0 * displaced / Math.max(1, settings.events()), settings.maxDisplacement(), withheld,
                100.0 * withheld / Math.max(1, settings.events()));
    }
}
