package io.eventline.outbox.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.events.EventEnvelope;
import io.eventline.events.LineItem;
import io.eventline.events.OrderPlaced;
import io.eventline.events.OrderShipped;
import io.eventline.outbox.EnvelopeCodec;
import io.eventline.outbox.OutboxDatabase;
import io.eventline.testkit.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command side on a real PostgreSQL: one transaction per command, gap-free sequences, the lock rule. */
class OrderServiceITCase {

    static PostgresServer postgres;
    static OutboxDatabase db;

    @BeforeAll
    static void database() throws Exception {
        postgres = PostgresServer.shared();
        db = OutboxDatabase.of(postgres.createDatabase("outbox_order_service"));
        db.createTables();
        db.createTables(); // idempotent
    }

    @Test
    void eachCommandWritesTheOrderAndItsEventTogether() throws Exception {
        OrderService service = new OrderService(db);
        EventEnvelope placed = service.placeOrder("ord-s-1", "cust-1",
                List.of(new LineItem("A", 2, new BigDecimal("49.99"))), "USD");
        EventEnvelope paid = service.authorizePayment("ord-s-1", "pay-1", new BigDecimal("99.98"));
        EventEnvelope shipped = service.ship("ord-s-1", "DHL", "TRK-1");
        assertThat(((OrderPlaced) placed.getPayload()).getTotal()).isEqualTo(new BigDecimal("99.98"));
        assertThat(List.of(placed.getSequenceNumber(), paid.getSequenceNumber(), shipped.getSequenceNumber()))
                .containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> service.cancel("ord-s-1", "late")).isInstanceOf(OrderRejectedException.class)
                .hasMessageContaining("status shipped");
        assertThat(postgres.psql("outbox_order_service", "SELECT status, total, payment_id, tracking_number FROM orders"
                + " WHERE order_id = 'ord-s-1'").trim()).isEqualTo("shipped|99.98|pay-1|TRK-1");
        assertThat(outbox("ord-s-1")).containsExactly(placed, paid, shipped);
    }

    @Test
    void aRolledBackTransactionGivesItsSequenceNumberBack() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            AggregateLock.acquire(c, "Order", "ord-s-2");
            OutboxAppender.append(c, "Order", "ord-s-2", new OrderShipped("ord-s-2", "x", "1"), Instant.EPOCH, null);
            c.rollback();
            AggregateLock.acquire(c, "Order", "ord-s-2");
            EventEnvelope e = OutboxAppender.append(c, "Order", "ord-s-2", new OrderShipped("ord-s-2", "x", "2"),
                    Instant.EPOCH, null);
            c.commit();
            assertThat(e.getSequenceNumber()).isEqualTo(1L);
        }
        assertThat(outbox("ord-s-2")).extracting(EventEnvelope::getSequenceNumber).containsExactly(1L);
    }

    @Test
    void theLockMustComeBeforeTheFirstWrite() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("UPDATE orders SET updated_at = now() WHERE order_id = 'none'");
            c.createStatement().execute("SELECT pg_current_xact_id()"); // the transaction now has its txid
            assertThatThrownBy(() -> AggregateLock.acquire(c, "Order", "ord-s-3"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the transaction's first write");
            c.rollback();
            c.setAutoCommit(true);
            assertThatThrownBy(() -> AggregateLock.acquire(c, "Order", "ord-s-3")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theCliRunsTheCommandsAndRejectsWhatTheStateForbids() throws Exception {
        String url = db.jdbcUrl();
        assertThat(OrderServiceCli.run("init", "--jdbc-url", url)).isZero();
        assertThat(OrderServiceCli.run("place", "ord-cli-1", "cust-9", "W-1:2:1.50", "G-2:1:0.25", "--jdbc-url", url))
                .isZero();
        assertThat(OrderServiceCli.run("ship", "ord-cli-1", "DHL", "T-1", "--jdbc-url", url))
                .isEqualTo(OrderServiceCli.REJECTED);
        assertThat(OrderServiceCli.run("pay", "ord-cli-1", "pay-9", "3.25", "--jdbc-url", url)).isZero();
        assertThat(OrderServiceCli.run("cancel", "ord-cli-1", "--jdbc-url", url)).isZero();
        assertThat(OrderServiceCli.run("status", "--jdbc-url", url)).isZero();
        assertThat(outbox("ord-cli-1")).extracting(EventEnvelope::getEventType)
                .containsExactly("OrderPlaced", "PaymentAuthorized", "OrderCancelled");
        assertThat(postgres.psql("outbox_order_service", "SELECT status, total, item_count FROM orders"
                + " WHERE order_id = 'ord-cli-1'").trim()).isEqualTo("cancelled|3.25|2");
    }

    private static List<EventEnvelope> outbox(String aggregateId) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload, sequence_number, event_type FROM outbox WHERE aggregate_id = '"
                        + aggregateId + "' ORDER BY sequence_number")) {
            while (rs.next()) {
                EventEnvelope e = EnvelopeCodec.decode(rs.getBytes(1));
                assertThat(e.getSequenceNumber()).isEqualTo(rs.getLong(2));
                assertThat(e.getEventType()).isEqualTo(rs.getString(3));
                events.add(e);
            }
        }
        return events;
    }
}
