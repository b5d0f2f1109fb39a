package io.eventline.jobs.orders.projection;

import static io.eventline.jobs.orders.projection.OrderEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

public class CustomerOrdersProjectionTest {

    /** Runs both projections in memory, as the Flink job does, and returns the customer rows. */
    static Map<String, CustomerOrdersRow> run(List<EventEnvelope> events) {
        Map<String, OrderSummaryRow> orders = new HashMap<>();
        Map<String, CustomerOrdersRow> customers = new TreeMap<>();
        Map<String, OrderFact> contributions = new HashMap<>();
        for (EventEnvelope e : events) {
            if (!OrderSummaryProjection.isOrderEvent(e)) {
                continue;
            }
            Outcome<OrderSummaryRow> o = OrderSummaryProjection.apply(orders.get(e.getAggregateId()), e);
            if (!o.isApplied()) {
                continue;
            }
            orders.put(e.getAggregateId(), o.state());
            OrderFact fact = OrderFact.of(o.state());
            Outcome<CustomerOrdersRow> c = CustomerOrdersProjection.apply(
                    customers.get(fact.customerId), contributions.get(fact.customerId + "/" + fact.orderId), fact);
            if (c.isApplied()) {
                customers.put(fact.customerId, c.state());
                contributions.put(fact.customerId + "/" + fact.orderId, fact);
            }
        }
        return customers;
    }

    public static CustomerOrdersRow customer(String id, int placed, int cancelled, String ltv, int lastOrderMin, int updatedMin, long version) {
        CustomerOrdersRow r = new CustomerOrdersRow();
        r.customerId = id;
        r.ordersPlaced = placed;
        r.ordersCancelled = cancelled;
        r.lifetimeValue = new BigDecimal(ltv);
        r.lastOrderAt = at(lastOrderMin);
        r.updatedAt = at(updatedMin);
        r.version = version;
        return r;
    }

    @Test
    void scenarioGivesTheExpectedCustomers() {
        assertThat(run(OrderEvents.scenario())).containsExactly(
                Map.entry("cust-1", customer("cust-1", 2, 1, "109.98", 10, 11, 6)),
                Map.entry("cust-2", customer("cust-2", 2, 1, "5.50", 20, 22, 6)),
                Map.entry("cust-3", customer("cust-3", 1, 0, "0.00", 30, 30, 1)));
    }

    @Test
    void interleavingAcrossOrdersDoesNotChangeTheResult() {
        Map<String, CustomerOrdersRow> expected = run(OrderEvents.scenario());
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(run(OrderEvents.interleave(OrderEvents.scenario(), seed))).isEqualTo(expected);
        }
        assertThat(run(OrderEvents.roundRobin(OrderEvents.scenario()))).isEqualTo(expected);
    }

    @Test
    void aFactAlreadyAppliedForItsOrderChangesNothing() {
        OrderFact placed = fact("ord-1", 1, "placed", "10.00", 0);
        OrderFact paid = fact("ord-1", 2, "paid", "10.00", 1);
        CustomerOrdersRow afterPlaced = CustomerOrdersProjection.apply(null, null, placed).state();
        CustomerOrdersRow afterPaid = CustomerOrdersProjection.apply(afterPlaced, placed, paid).state();
        assertThat(afterPaid.lifetimeValue).isEqualByComparingTo("10.00");
        assertThat(afterPaid.version).isEqualTo(2);

        Outcome<CustomerOrdersRow> again = CustomerOrdersProjection.apply(afterPaid, paid, paid);
        assertThat(again.kind()).isEqualTo(Outcome.Kind.IGNORED);
        Outcome<CustomerOrdersRow> older = CustomerOrdersProjection.apply(afterPaid, paid, placed);
        assertThat(older.kind()).isEqualTo(Outcome.Kind.IGNORED);
    }

    @Test
    void lifetimeValueCountsPaidShippedAndDeliveredOrdersOnly() {
        CustomerOrdersRow row = CustomerOrdersProjection.apply(null, null, fact("a", 1, "placed", "7.00", 0)).state();
        assertThat(row.lifetimeValue).isEqualTo(new BigDecimal("0.00"));
        OrderFact prev = fact("a", 1, "placed", "7.00", 0);
        for (String status : List.of("payment_failed", "paid", "shipped", "delivered")) {
            OrderFact next = fact("a", prev.sequence + 1, status, "7.00", (int) prev.sequence);
            row = CustomerOrdersProjection.apply(row, prev, next).state();
            assertThat(row.lifetimeValue).as(status)
                    .isEqualTo(new BigDecimal(status.equals("payment_failed") ? "0.00" : "7.00"));
            prev = next;
        }
        assertThat(row.ordersPlaced).isEqualTo(1);
        assertThat(row.version).isEqualTo(5);
    }

    private static OrderFact fact(String orderId, long seq, String status, String total, int minute) {
        OrderFact f = new OrderFact();
        f.customerId = "c";
        f.orderId = orderId;
        f.sequence = seq;
        f.status = status;
        f.total = new BigDecimal(total);
        f.placedAt = at(0);
        f.eventTime = at(minute);
        return f;
    }
}
