package io.eventline.testkit.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The orders of a workload, fixed before anything is sent (pass one over the seeded key draws): how many events
 * each order gets, its lifecycle shape, customer, currency, total, and which of its events is never sent.
 */
final class OrderCatalog {

    static final String[] SKUS = {"WIDGET-01", "WIDGET-02", "GADGET-07", "GIZMO-11", "DOOHICKEY-3", "SPROCKET-9"};
    static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    private static final OrderLifecycle[] SHAPES = OrderLifecycle.values();

    final WorkloadSettings settings;
    final int customers;
    private final double[] zipfCdf;
    /** Events per order. */
    final int[] length;
    /** Sequence number of the event never sent, per order; 0 for none. */
    final int[] gapSeq;
    final byte[] shape;
    final int[] customer;
    final long[] totalCents;
    final int[] units;
    final byte[] currency;
    long gaps;

    /** @param faults the workload's fault draws; the permanent gaps are its first */
    OrderCatalog(WorkloadSettings settings, SplittableRandom faults) {
        this.settings = settings;
        int a = settings.aggregates();
        this.customers = settings.customerCount();
        this.zipfCdf = settings.zipf() ? zipfCdf(a, settings.zipfExponent()) : null;
        length = new int[a];
        gapSeq = new int[a];
        shape = new byte[a];
        customer = new int[a];
        totalCents = new long[a];
        units = new int[a];
        currency = new byte[a];

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
        chooseGaps(faults);
    }

    private void chooseGaps(SplittableRandom faults) {
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

    /** The next order drawn (uniform or Zipf); pass one and pass two draw the same sequence from the same seed. */
    int draw(SplittableRandom r) {
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

    /** The per-order draws (shape, customer, currency, line items), the same whenever they are made. */
    Random aggregateRandom(int k) {
        return new Random(settings.seed() * 1_000_003L + k * 0x9E3779B97F4A7C15L);
    }

    String orderId(int k) {
        return settings.idPrefix() + String.format("ord-%07d", k);
    }

    String customerId(int c) {
        return settings.idPrefix() + String.format("cust-%06d", c);
    }

    /** The event type of sequence {@code s} (1-based) of order {@code k}: its shape stretched or cut to its length. */
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
}
