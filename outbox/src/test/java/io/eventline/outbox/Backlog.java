package io.eventline.outbox;

import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderShipped;
import io.eventline.outbox.command.AggregateLock;
import io.eventline.outbox.command.OutboxAppender;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** A backlog of outbox rows written before the relay starts: {@code events} over {@code aggregates}. */
final class Backlog {

    private Backlog() {}

    static Map<String, EventEnvelope> write(OutboxDatabase db, int events, int aggregates) throws Exception {
        Map<String, EventEnvelope> written = new LinkedHashMap<>();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            int perAggregate = events / aggregates;
            for (int a = 0; a < aggregates; a++) {
                String aggregate = "ord-b-" + a;
                AggregateLock.acquire(c, "Order", aggregate);
                for (int i = 0; i < perAggregate; i++) {
                    EventEnvelope e = OutboxAppender.append(c, "Order", aggregate,
                            new OrderShipped(aggregate, "DHL", "T-" + i), Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
                    written.put(e.getEventId(), e);
                }
                c.commit();
            }
        }
        return written;
    }
}
