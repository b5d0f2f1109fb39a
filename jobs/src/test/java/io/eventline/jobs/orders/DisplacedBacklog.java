package io.eventline.jobs.orders;

import static io.eventline.jobs.orders.projection.OrderEvents.delivered;
import static io.eventline.jobs.orders.projection.OrderEvents.item;
import static io.eventline.jobs.orders.projection.OrderEvents.paid;
import static io.eventline.jobs.orders.projection.OrderEvents.placed;
import static io.eventline.jobs.orders.projection.OrderEvents.shipped;

import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.jobs.orders.projection.OrderSummaryProjection;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backlog whose out-of-order events lie far behind their successors in the log: orders of four events each,
 * spread over partitions by order number; for the first {@code displacedPerPartition} orders of each partition the
 * payment (sequence 2) is moved to the end of the partition, behind everything else. Nothing is missing.
 */
final class DisplacedBacklog {

    private static final int EVENTS_PER_ORDER = 4;

    final int orders;
    final int partitions;
    final int displacedPerPartition;
    /** Per partition, the events in log order. */
    final List<List<EventEnvelope>> log = new ArrayList<>();

    DisplacedBacklog(int orders, int partitions, int displacedPerPartition) {
        this.orders = orders;
        this.partitions = partitions;
        this.displacedPerPartition = displacedPerPartition;
        for (int p = 0; p < partitions; p++) {
            List<EventEnvelope> inOrder = new ArrayList<>();
            List<EventEnvelope> displaced = new ArrayList<>();
            int nth = 0;
            for (int o = p; o < orders; o += partitions, nth++) {
                List<EventEnvelope> events = events(o);
                if (nth < displacedPerPartition) {
                    displaced.add(events.remove(1));
                }
                inOrder.addAll(events);
            }
            inOrder.addAll(displaced);
            log.add(inOrder);
        }
    }

    static String orderId(int o) {
        return String.format("ord-%06d", o);
    }

    static int partitionOf(int o, int partitions) {
        return o % partitions;
    }

    static List<EventEnvelope> events(int o) {
        String id = orderId(o);
        var t = OrderEvents.T0.plusSeconds(o);
        return new ArrayList<>(List.of(
                placed(id, "cust-" + (o % 1000), 1, t, "20.00", item("BOOK-07", 1, "20.00")),
                paid(id, 2, t.plusSeconds(1), "20.00"),
                shipped(id, 3, t.plusSeconds(2)),
                delivered(id, 4, t.plusSeconds(3))));
    }

    int records() {
        return orders * EVENTS_PER_ORDER;
    }

    /** Records between the last displaced payment's successor and the payment, in the smallest partition. */
    int minDisplacement() {
        int min = Integer.MAX_VALUE;
        for (List<EventEnvelope> partition : log) {
            int lastSuccessor = -1;
            for (int i = 0; i < partition.size(); i++) {
                EventEnvelope e = partition.get(i);
                if (e.getSequenceNumber() == 3 && orderIndex(e) / partitions < displacedPerPartition) {
                    lastSuccessor = i;
                }
            }
            int firstDisplaced = partition.size() - displacedPerPartition;
            min = Math.min(min, firstDisplaced - lastSuccessor);
        }
        return min;
    }

    private static int orderIndex(EventEnvelope e) {
        return Integer.parseInt(e.getAggregateId().substring(4));
    }

    /** The rows a correct run writes: every order's four events applied in sequence order. */
    Map<String, OrderSummaryRow> expectedRows() {
        Map<String, OrderSummaryRow> rows = new TreeMap<>();
        for (int o = 0; o < orders; o++) {
            OrderSummaryRow row = null;
            for (EventEnvelope e : events(o)) {
                row = OrderSummaryProjection.apply(row, e).state();
            }
            rows.put(row.orderId, row);
        }
        return rows;
    }
}
