package io.eventline.testkit.workload;

import io.eventline.events.CustomerRegistered;
import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderCancelled;
import io.eventline.events.OrderDelivered;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.events.PaymentAuthorized;
import io.eventline.events.PaymentFailed;
import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The one order workload of the demo, the benchmark and the tests: a stream of order events drawn one at a time,
 * with the read models and dead letters it must produce computed alongside by its own model
 * ({@link OrderLifecycle}), never by the job's projection. Nothing proportional to the number of events is held:
 * per order a few primitive arrays, so 10M+ events over 1M orders fit in a few tens of MB.
 *
 * <h2>Shape</h2>
 * Two passes over the same seeded key draws. Pass one only counts how many events each order gets (uniform or
 * Zipf key choice), which fixes each order's lifecycle length L. Pass two ({@link #next()}) draws again and emits
 * the next event of the drawn order. An order's events are one of the {@link OrderLifecycle} shapes, stretched to
 * L events with PaymentFailed retries after OrderPlaced (the only transition allowed to repeat) or cut to its
 * first L events; every event of a lifecycle is a legal transition.
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li><b>out of order</b>: an event is held back until 1-{@code maxDisplacement} later events of its own order
 *       were sent, but never longer than {@code holdWindow} records after its first successor was sent: the wait a
 *       reordering buffer sees is bounded in records;</li>
 *   <li><b>displaced backlog</b>: an event is held back until {@code backlogDisplacement} records (e.g. 100K)
 *       were sent after its first successor, or the end of the stream: its order's later events all wait in the
 *       reordering buffer meanwhile. The expectation assumes the job waits (a gap timeout longer than that);</li>
 *   <li><b>duplicates</b>: a record sent again 1-30 records later (same bytes, as a producer retry);</li>
 *   <li><b>permanent gaps</b>: one event (never the first or the last) of some orders is never sent. Chosen in
 *       pass one among events drawn in the first 60% of the stream whose order's next event is drawn before 80%
 *       of it, and only in orders of at most 250 events, so the gap timer is resolved while a run still reads.
 *       Events after the gap that are no longer legal transitions are expected as dead letters;</li>
 *   <li><b>malformed records</b> (random bytes, truncated JSON) and <b>invalid envelopes</b> (sequence number 0),
 *       spread evenly over the stream; <b>JSON</b> instead of Avro for a share of the events; optionally a
 *       <b>CustomerRegistered</b> event before each customer's first order.</li>
 * </ul>
 * The extra draws of the displaced backlog, JSON and bad records come from their own random streams, so a
 * workload without them is the same record for record as before they existed.
 */
public final class OrderWorkload {

    /** Synthetic occurrence time of the first order: EPOCH + 7 s per order + 10 min per sequence number. */
    public static final Instant EPOCH = Instant.parse("2025-06-28T10:00:00Z");
    private static final String[] SKUS = {"WIDGET-01", "WIDGET-02", "GADGET-07", "GIZMO-11", "DOOHICKEY-3", "SPROCKET-9"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    private static final OrderLifecycle[] SHAPES = OrderLifecycle.values();
    private static final String[] STATUSES = {null, "placed", "paid", "payment_failed", "shipped", "delivered", "cancelled"};

    private final WorkloadSettings settings;
    private final int customers;
    private final double[] zipfCdf;

    // per order
    private final int[] length;
    private final int[] nextSeq;
    /** Sequence number of the event never sent, per order; 0 for none. */
    private final int[] gapSeq;
    private final byte[] shape;
    private final int[] customer;
    private final long[] totalCents;
    private final int[] units;
    private final byte[] currency;
    // expected state, maintained while generating
    private final byte[] status;
    private final int[] version;
    private final int[] lastSeq;
    private final long[] placedAtMillis;
    private final long[] updatedAtMillis;
    private final BitSet customerAnnounced = new BitSet();

    private SplittableRandom draws;
    private final SplittableRandom faults;
    /** Draws of the shapes added later (backlog, JSON, bad records): their own stream keeps old workloads stable. */
    private final SplittableRandom extras;
    private long drawn;
    private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
    private final Map<Integer, Held> held = new HashMap<>();
    private final PriorityQueue<Held> holdDeadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final PriorityQueue<Dup> dups = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private long sent;
    private LongSupplier clock;
    private int badRecordsSent;

    // counters
    private long records;
    private long duplicates;
    private long displaced;
    private long backlogDisplaced;
    private long withheld;
    private long illegalAfterGap;
    private long gaps;
    private long bytes;
    private long checksum;
    private final long[] displacementHistogram = new long[16];

    private static final class Held {
        final int aggregate;
        final Outgoing out;
        final int window;
        /** Displaced-backlog holds wait out their window even past their order's last event. */
        final boolean backlog;
        int remaining;
        long deadline = -1;
        boolean released;
        int passedBy;

        Held(int aggregate, Outgoing out, int remaining, int window, boolean backlog) {
            this.aggregate = aggregate;
            this.out = out;
            this.remaining = remaining;
            this.window = window;
            this.backlog = backlog;
        }
    }

    private record Dup(long at, Outgoing out) {}

    /** A workload on the synthetic timeline (see {@link #EPOCH}). */
    public OrderWorkload(WorkloadSettings settings) {
        this(settings, null);
    }

    /**
     * @param clock event occurrence time for the event being generated, or {@code null} for the synthetic
     *     timeline (EPOCH + 7 s per order + 10 min per sequence number)
     */
    public OrderWorkload(WorkloadSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        int a = settings.aggregates();
        this.customers = settings.customerCount();
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
                gapSeq[k] = i >= successorHorizon ? 0 : -gapSeq[k]; // confirmed (negative until chosen)
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
        extras = new SplittableRandom(settings.seed() * 131 + 11);
        chooseGaps();
        draws = new SplittableRandom(settings.seed());
    }

    public WorkloadSettings settings() {
        return settings;
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
        return settings.idPrefix() + String.format("ord-%07d", k);
    }

    public String customerId(int c) {
        return settings.idPrefix() + String.format("cust-%06d", c);
    }

    /** The order index of one of this workload's order ids, or -1 for any other id. */
    public int orderIndex(String orderId) {
        return indexAfter(orderId, settings.idPrefix() + "ord-", length.length);
    }

    /** The customer index of one of this workload's customer ids, or -1 for any other id. */
    public int customerIndex(String customerId) {
        return indexAfter(customerId, settings.idPrefix() + "cust-", customers);
    }

    private static int indexAfter(String id, String prefix, int bound) {
        if (!id.startsWith(prefix)) {
            return -1;
        }
        try {
            int i = Integer.parseInt(id.substring(prefix.length()));
            return i < bound ? i : -1;
        } catch (NumberFormatException notOurs) {
            return -1;
        }
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

    /** Event times from now on come from {@code clock} (e.g. an open-loop producer's scheduled send time). */
    public void useClock(LongSupplier clock) {
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

    /** All remaining records, in send order (for small workloads: it holds them in memory). */
    public List<Outgoing> remaining() {
        List<Outgoing> all = new ArrayList<>();
        for (Outgoing out; (out = next()) != null; ) {
            all.add(out);
        }
        return all;
    }

    private void fill() {
        while (ready.isEmpty()) {
            if (drawn < settings.events()) {
                step();
            } else if (!held.isEmpty() || !dups.isEmpty() || badRecordsDue(Long.MAX_VALUE)) {
                finish();
            } else {
                return;
            }
        }
    }

    private void step() {
        if (badRecordsDue(drawn)) {
            emitBadRecord();
        }
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
        if (s == 1 && settings.customerEvents() && !customerAnnounced.get(customer[k])) {
            customerAnnounced.set(customer[k]);
            emit(Outgoing.event(customerRegistered(customer[k]), false, -1));
        }
        Outgoing out = Outgoing.event(build(k, s, type, ts), settings.jsonRate() > 0 && extras.nextDouble() < settings.jsonRate(), k);

        Held h = held.get(k);
        int successors = l - s - (gapAt > s ? 1 : 0);
        if (h == null && successors >= 1 && settings.backlogRate() > 0 && extras.nextDouble() < settings.backlogRate()) {
            held.put(k, new Held(k, out, Integer.MAX_VALUE, settings.backlogDisplacement(), true));
            releaseDue();
            return;
        }
        // holds at twice the rate while below the target share: the one-hold-per-order limit and orders' last
        // events would otherwise bring the share under the target
        if (h == null && s < l && displaced + held.size() < settings.outOfOrderRate() * drawn
                && faults.nextDouble() < 2 * settings.outOfOrderRate()) {
            int d = Math.min(1 + faults.nextInt(settings.maxDisplacement()), successors);
            if (d >= 1) {
                held.put(k, new Held(k, out, d, settings.holdWindow(), false));
                releaseDue();
                return;
            }
        }
        emit(out);
        if (h != null) {
            h.remaining--;
            h.passedBy++;
            if (h.deadline < 0) {
                h.deadline = sent + h.window;
                holdDeadlines.add(h);
            }
            if (h.remaining == 0 || (s == l && !h.backlog)) {
                release(h);
            }
        }
        releaseDue();
    }

    /** Bad records are spread evenly: the i-th (1-based) of n goes out once i/(n+1) of the events were drawn. */
    private boolean badRecordsDue(long drawnSoFar) {
        int n = settings.malformed() + settings.invalidEnvelopes();
        return badRecordsSent < n && (drawnSoFar == Long.MAX_VALUE
                || drawnSoFar * (n + 1) >= (badRecordsSent + 1) * settings.events());
    }

    private void emitBadRecord() {
        int i = badRecordsSent++;
        if (i < settings.malformed()) {
            byte[] junk;
            if (i % 2 == 0) {
                junk = new byte[16 + extras.nextInt(64)];
                extras.nextBytes(junk);
                junk[0] = (byte) ('A' + extras.nextInt(26)); // neither the Avro magic byte nor a JSON object
            } else {
                junk = "{\"eventType\": \"OrderPlaced\", \"eventId\": ".getBytes(StandardCharsets.UTF_8);
            }
            ready.add(Outgoing.raw(settings.idPrefix() + "junk-" + i, junk));
        } else {
            String orderId = settings.idPrefix() + "ord-invalid-" + (i - settings.malformed());
            EventEnvelope invalid = EventEnvelope.newBuilder()
                    .setEventId("evt-" + orderId).setEventType("OrderDelivered").setAggregateType("Order")
                    .setAggregateId(orderId).setSequenceNumber(0L).setTimestamp(EPOCH).setVersion("1.0")
                    .setCorrelationId(null).setCausationId(null).setPayload(new OrderDelivered(orderId)).build();
            ready.add(Outgoing.event(invalid, true, -1));
        }
        sent++;
        records++;
    }

    private EventEnvelope customerRegistered(int c) {
        String customerId = customerId(c);
        return EventEnvelope.newBuilder()
                .setEventId("evt-" + customerId + "-1").setEventType("CustomerRegistered")
                .setAggregateType("Customer").setAggregateId(customerId).setSequenceNumber(1L)
                .setTimestamp(EPOCH).setVersion("1.0").setCorrelationId(null).setCausationId(null)
                .setPayload(new CustomerRegistered(customerId, "Customer " + customerId, customerId + "@example.com"))
                .build();
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
        if (h.backlog) {
            backlogDisplaced++;
        } else {
            displaced++;
        }
        displacementHistogram[Math.min(h.passedBy, displacementHistogram.length - 1)]++;
        emit(h.out);
    }

    private void releaseDue() {
        while (!holdDeadlines.isEmpty() && (holdDeadlines.peek().released || holdDeadlines.peek().deadline <= sent)) {
            release(holdDeadlines.poll());
        }
        while (!dups.isEmpty() && dups.peek().at <= sent) {
            sendDuplicate(dups.poll().out);
        }
    }

    private void emit(Outgoing out) {
        ready.add(out);
        sent++;
        records++;
        account(out);
        if (faults.nextDouble() < settings.duplicateRate()) {
            dups.add(new Dup(sent + faults.nextInt(30), out.asDuplicate()));
        }
    }

    private void sendDuplicate(Outgoing d) {
        ready.add(d);
        sent++;
        records++;
        duplicates++;
        account(d);
    }

    private void account(Outgoing out) {
        checksum += eventChecksum(out.event().getEventId(), out.sequence());
    }

    /** Order-independent checksum of the decoded events: consumers sum the same over what they read. */
    public static long eventChecksum(String eventId, long sequence) {
        return eventId.hashCode() * 0x9E3779B97F4A7C15L + sequence;
    }

    private void finish() {
        List<Held> rest = new ArrayList<>(held.values());
        rest.sort((a, b) -> Integer.compare(a.aggregate, b.aggregate)); // HashMap order is not a contract
        for (Held h : rest) {
            release(h);
        }
        while (!dups.isEmpty()) {
            sendDuplicate(dups.poll().out);
        }
        while (badRecordsDue(Long.MAX_VALUE)) {
            emitBadRecord();
        }
    }

    /** Records the size of a serialized record (for the average). */
    public void countBytes(int n) {
        bytes += n;
    }

    // ---------------------------------------------------------------- what was sent

    /** Records handed out so far (events, duplicates, bad records, customer events). */
    public long records() {
        return records;
    }

    /** The {@link #eventChecksum} summed over every event record handed out so far (not the raw records). */
    public long checksum() {
        return checksum;
    }

    public long bytes() {
        return bytes;
    }

    public long duplicatesSent() {
        return duplicates;
    }

    /** Events sent after 1-{@code maxDisplacement} of their successors. */
    public long outOfOrderSent() {
        return displaced;
    }

    /** Events sent {@code backlogDisplacement} records after their first successor (or at the end). */
    public long backlogDisplacedSent() {
        return backlogDisplaced;
    }

    public long gaps() {
        return gaps;
    }

    /** Count of out-of-order events by how many successors passed them (last bucket: that many or more). */
    public long[] displacementHistogram() {
        return displacementHistogram.clone();
    }

    public int customerCount() {
        return customers;
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

    /** Whether order {@code k} gets at least one event (and so an order_summary row). */
    public boolean hasOrder(int k) {
        return length[k] > 0;
    }

    public int aggregates() {
        return length.length;
    }

    /** Dead letters by reason the job must write for the whole stream (known once the stream is built). */
    public Map<String, Long> expectedDeadLetters() {
        Map<String, Long> m = new TreeMap<>();
        if (gaps > 0) {
            m.put("gap-timeout", gaps);
        }
        if (illegalAfterGap > 0) {
            m.put("illegal-transition", illegalAfterGap);
        }
        if (settings.malformed() > 0) {
            m.put("malformed", (long) settings.malformed());
        }
        if (settings.invalidEnvelopes() > 0) {
            m.put("invalid-envelope", (long) settings.invalidEnvelopes());
        }
        return m;
    }

    /** The expected final order row of order {@code k} (only for orders with at least one event). */
    public OrderRow expectedOrder(int k) {
        int s = lastSeq[k];
        return new OrderRow(orderId(k), customerId(customer[k]), STATUSES[status[k]], units[k], total(k),
                CURRENCIES[currency[k]], s, "evt-" + orderId(k) + "-" + s, version[k],
                Instant.ofEpochMilli(placedAtMillis[k]), Instant.ofEpochMilli(updatedAtMillis[k]));
    }

    /** The expected customer rows by customer index, folded from the expected orders; null for customers without orders. */
    public CustomerRow[] expectedCustomers() {
        CustomerRow[] out = new CustomerRow[customers];
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
                out[c] = new CustomerRow(customerId(c), placed[c], cancelled[c], BigDecimal.valueOf(ltvCents[c], 2),
                        Instant.ofEpochMilli(lastOrder[c]), Instant.ofEpochMilli(updated[c]), versions[c]);
            }
        }
        return out;
    }

    public String describe() {
        return String.format("%,d events drawn over %,d aggregates (%s), %,d records sent: %,d duplicates (%.1f%% of the events sent), "
                        + "%,d out of order (%.1f%%, displaced 1-%d within their aggregate), %,d permanent gaps (%.2f%%)%s",
                settings.events(), settings.aggregates(), settings.zipf() ? "Zipf s=" + settings.zipfExponent() : "uniform",
                records, duplicates, 100.0 * duplicates / Math.max(1, records - duplicates), displaced,
                100.0 * displaced / Math.max(1, settings.events()), settings.maxDisplacement(), withheld,
                100.0 * withheld / Math.max(1, settings.events()),
                backlogDisplaced == 0 ? "" : String.format(", %,d displaced %,d records behind their successors",
                        backlogDisplaced, settings.backlogDisplacement()));
    }
}
