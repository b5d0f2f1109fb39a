package io.eventline.testkit.workload;

import io.eventline.testkit.check.CustomerRow;
import io.eventline.testkit.check.OrderRow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
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
 *
 * <p>This class decides what is sent when (pass two: draws, holds, duplicates); {@link OrderCatalog} fixes the
 * orders, {@link OrderEvents} builds the records, {@link ExpectedReadModel} keeps the expectation.
 */
public final class OrderWorkload {

    /** Synthetic occurrence time of the first order: EPOCH + 7 s per order + 10 min per sequence number. */
    public static final Instant EPOCH = Instant.parse("2025-06-28T10:00:00Z");

    private final WorkloadSettings settings;
    private final OrderCatalog orders;
    private final OrderEvents events;
    private final ExpectedReadModel expected;
    private final int[] nextSeq;
    private final BitSet customerAnnounced = new BitSet();

    private final SplittableRandom draws;
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
    private long bytes;
    private long checksum;
    private final long[] displacementHistogram = new long[16];

    /** An event held back behind its successors. */
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
        this.faults = new SplittableRandom(settings.seed() * 31 + 7);
        this.extras = new SplittableRandom(settings.seed() * 131 + 11);
        this.orders = new OrderCatalog(settings, faults);
        this.events = new OrderEvents(orders);
        this.expected = new ExpectedReadModel(orders, events, customerAnnounced);
        this.nextSeq = new int[settings.aggregates()];
        this.draws = new SplittableRandom(settings.seed());
    }

    public WorkloadSettings settings() {
        return settings;
    }

    public String orderId(int k) {
        return orders.orderId(k);
    }

    public String customerId(int c) {
        return orders.customerId(c);
    }

    /** The name a workload customer registers with (its CustomerRegistered), denormalized into its orders. */
    public static String customerName(String customerId) {
        return "Customer " + customerId;
    }

    /** The order index of one of this workload's order ids, or -1 for any other id. */
    public int orderIndex(String orderId) {
        return indexAfter(orderId, settings.idPrefix() + "ord-", orders.length.length);
    }

    /** The customer index of one of this workload's customer ids, or -1 for any other id. */
    public int customerIndex(String customerId) {
        return indexAfter(customerId, settings.idPrefix() + "cust-", orders.customers);
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

    private long timestamp(int k, int s) {
        if (clock != null) {
            return clock.getAsLong();
        }
        return EPOCH.toEpochMilli() + k * 7_000L + s * 600_000L;
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
        int k = orders.draw(draws);
        drawn++;
        int s = ++nextSeq[k];
        int l = orders.length[k];
        String type = orders.eventType(k, s);
        int gapAt = orders.gapSeq[k];
        if (s == gapAt) {
            withheld++;
            releaseDue();
            return;
        }
        long ts = timestamp(k, s);
        expected.apply(k, s, type, ts, gapAt > 0 && s > gapAt);
        if (s == 1 && settings.customerEvents() && !customerAnnounced.get(orders.customer[k])) {
            customerAnnounced.set(orders.customer[k]);
            emit(Outgoing.event(events.customerRegistered(orders.customer[k]), false, -1));
        }
        boolean asJson = settings.jsonRate() > 0 && extras.nextDouble() < settings.jsonRate();
        Outgoing out = Outgoing.event(events.orderEvent(k, s, type, ts), asJson, k);

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
            ready.add(Outgoing.raw(settings.idPrefix() + "junk-" + i, OrderEvents.junk(i, extras)));
        } else {
            ready.add(Outgoing.event(events.invalidEnvelope(i - settings.malformed()), true, -1));
        }
        sent++;
        records++;
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
        return orders.gaps;
    }

    /** Count of out-of-order events by how many successors passed them (last bucket: that many or more). */
    public long[] displacementHistogram() {
        return displacementHistogram.clone();
    }

    public int customerCount() {
        return orders.customers;
    }

    // ---------------------------------------------------------------- expectations

    /** Sum of the expected versions of all order rows; also that of all customer rows (one per applied event). */
    public long expectedVersionSum() {
        return expected.versionSum();
    }

    public long ordersPresent() {
        long n = 0;
        for (int k = 0; k < orders.length.length; k++) {
            if (hasOrder(k)) {
                n++;
            }
        }
        return n;
    }

    /** Whether order {@code k} gets at least one event (and so an order_summary row; see {@link #expectAsOf}). */
    public boolean hasOrder(int k) {
        return orders.length[k] > 0 && expected.hasRow(k);
    }

    /**
     * Makes the expectation that of the read model as of {@code moment} in event time: only events that occurred
     * at or before it count, records are generated as without it. Call before drawing any record.
     */
    public OrderWorkload expectAsOf(Instant moment) {
        if (drawn > 0) {
            throw new IllegalStateException("expectAsOf must be set before the first record is drawn");
        }
        expected.cutoff(moment.toEpochMilli());
        return this;
    }

    /** The occurrence time of event {@code s} of order {@code k} on the synthetic timeline (see {@link #EPOCH}). */
    public static Instant syntheticTime(int k, int s) {
        return Instant.ofEpochMilli(EPOCH.toEpochMilli() + k * 7_000L + s * 600_000L);
    }

    public int aggregates() {
        return orders.length.length;
    }

    /** Dead letters by reason the job must write for the whole stream (complete once the stream was generated). */
    public Map<String, Long> expectedDeadLetters() {
        return expected.deadLetters();
    }

    /** The expected final order row of order {@code k} (only for orders with at least one event). */
    public OrderRow expectedOrder(int k) {
        return expected.order(k);
    }

    /** The expected customer rows by customer index, folded from the expected orders; null for customers without orders. */
    public CustomerRow[] expectedCustomers() {
        return expected.customers();
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
