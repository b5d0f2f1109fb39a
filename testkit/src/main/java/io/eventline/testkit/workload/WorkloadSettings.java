package io.eventline.testkit.workload;

/**
 * What {@link OrderWorkload} generates. Rates are per event drawn; counts are absolute. Build with
 * {@link #builder()}; every field has a default that generates clean traffic (no faults).
 *
 * @param seed all draws derive from it: the same settings give the same records
 * @param events order events drawn (before duplicates, without withheld gaps)
 * @param aggregates orders the events are spread over (an order drawn never gets no events)
 * @param customers customers the orders belong to; 0 means one per four orders
 * @param zipf Zipf key choice (hot orders) instead of uniform
 * @param zipfExponent the Zipf exponent s
 * @param duplicateRate share of records sent again 1-30 records later (same bytes, a producer retry)
 * @param outOfOrderRate share of events held back behind 1-{@code maxDisplacement} successors of their order
 * @param gapRate share of events never sent (permanent gaps)
 * @param maxDisplacement most successors an out-of-order event is held behind
 * @param holdWindow most records an out-of-order event arrives after its first successor
 * @param backlogRate share of events displaced far behind their successors (the "displaced backlog" shape)
 * @param backlogDisplacement records a backlog-displaced event arrives after its first successor
 * @param malformed records that are not events at all (random bytes, truncated JSON)
 * @param invalidEnvelopes envelopes that decode but fail validation (sequence number 0)
 * @param jsonRate share of events sent as JSON instead of Avro
 * @param customerEvents whether a CustomerRegistered event precedes each customer's first order (the order
 *     projections skip it; it shares the topic as in production)
 * @param idPrefix prefix of every id; workloads with different prefixes have disjoint ids
 */
public record WorkloadSettings(long seed, long events, int aggregates, int customers, boolean zipf, double zipfExponent,
        double duplicateRate, double outOfOrderRate, double gapRate, int maxDisplacement, int holdWindow,
        double backlogRate, int backlogDisplacement, int malformed, int invalidEnvelopes, double jsonRate,
        boolean customerEvents, String idPrefix) {

    public WorkloadSettings {
        if (events < 0 || aggregates < 1 || customers < 0 || maxDisplacement < 1 || holdWindow < 1
                || backlogDisplacement < 0 || malformed < 0 || invalidEnvelopes < 0) {
            throw new IllegalArgumentException("invalid workload settings: " + this);
        }
    }

    /** Customers the orders are spread over. */
    public int customerCount() {
        return customers > 0 ? customers : Math.max(1, aggregates / 4);
    }

    /**
     * The embedded demo's traffic: {@code orders} orders of about 3.65 events each, 5% duplicates, 10% out of order,
     * a few permanent gaps, malformed and invalid records, 10% JSON, customer events.
     */
    public static WorkloadSettings demo(int orders) {
        return builder().seed(42).events(Math.round(orders * 3.65)).aggregates(orders).duplicateRate(0.05)
                .outOfOrderRate(0.10).gapRate(0.5 / 365).malformed(Math.max(5, orders / 300)).invalidEnvelopes(3)
                .jsonRate(0.10).customerEvents(true).build();
    }

    /** The same shape with another seed and id prefix: a second, disjoint batch. */
    public WorkloadSettings batch(long seed, String idPrefix) {
        return toBuilder().seed(seed).idPrefix(idPrefix).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.events = events;
        b.aggregates = aggregates;
        b.customers = customers;
        b.zipf = zipf;
        b.zipfExponent = zipfExponent;
        b.duplicateRate = duplicateRate;
        b.outOfOrderRate = outOfOrderRate;
        b.gapRate = gapRate;
        b.maxDisplacement = maxDisplacement;
        b.holdWindow = holdWindow;
        b.backlogRate = backlogRate;
        b.backlogDisplacement = backlogDisplacement;
        b.malformed = malformed;
        b.invalidEnvelopes = invalidEnvelopes;
        b.jsonRate = jsonRate;
        b.customerEvents = customerEvents;
        b.idPrefix = idPrefix;
        return b;
    }

    /** Fluent construction: the record has too many fields to pass positionally. */
    public static final class Builder {
        private long seed = 42;
        private long events = 10_000;
        private int aggregates = 2_500;
        private int customers;
        private boolean zipf;
        private double zipfExponent = 1.1;
        private double duplicateRate;
        private double outOfOrderRate;
        private double gapRate;
        private int maxDisplacement = 5;
        private int holdWindow = 1000;
        private double backlogRate;
        private int backlogDisplacement = 100_000;
        private int malformed;
        private int invalidEnvelopes;
        private double jsonRate;
        private boolean customerEvents;
        private String idPrefix = "";

        public Builder seed(long v) { seed = v; return this; }
        public Builder events(long v) { events = v; return this; }
        public Builder aggregates(int v) { aggregates = v; return this; }
        public Builder customers(int v) { customers = v; return this; }
        public Builder zipf(boolean v, double exponent) { zipf = v; zipfExponent = exponent; return this; }
        public Builder duplicateRate(double v) { duplicateRate = v; return this; }
        public Builder outOfOrderRate(double v) { outOfOrderRate = v; return this; }
        public Builder gapRate(double v) { gapRate = v; return this; }
        public Builder maxDisplacement(int v) { maxDisplacement = v; return this; }
        public Builder holdWindow(int v) { holdWindow = v; return this; }
        /** The displaced-backlog shape: {@code rate} of the events arrive {@code records} records late. */
        public Builder displacedBacklog(double rate, int records) { backlogRate = rate; backlogDisplacement = records; return this; }
        public Builder malformed(int v) { malformed = v; return this; }
        public Builder invalidEnvelopes(int v) { invalidEnvelopes = v; return this; }
        public Builder jsonRate(double v) { jsonRate = v; return this; }
        public Builder customerEvents(boolean v) { customerEvents = v; return this; }
        public Builder idPrefix(String v) { idPrefix = v; return this; }

        public WorkloadSettings build() {
            return new WorkloadSettings(seed, events, aggregates, customers, zipf, zipfExponent, duplicateRate,
                    outOfOrderRate, gapRate, maxDisplacement, holdWindow, backlogRate, backlogDisplacement, malformed,
                    invalidEnvelopes, jsonRate, customerEvents, idPrefix);
        }
    }
}
