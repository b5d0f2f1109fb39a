package io.eventline.saga.participant;

import static io.eventline.saga.FulfilmentSaga.INVENTORY_REJECTED;
import static io.eventline.saga.FulfilmentSaga.INVENTORY_RELEASED;
import static io.eventline.saga.FulfilmentSaga.INVENTORY_RESERVED;
import static io.eventline.saga.FulfilmentSaga.RELEASE_INVENTORY;
import static io.eventline.saga.FulfilmentSaga.RESERVE_INVENTORY;

import io.eventline.sagas.FulfilmentItem;
import io.eventline.sagas.SagaCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stock reservations. A reservation holds all items of an order or none (stock rows locked in sku order, so
 * concurrent services cannot deadlock); a release gives them back. A release that arrives before its
 * reservation (the reserve command was slow) leaves a RELEASED marker, and the late reservation is then refused:
 * nothing is held for a saga that has already been compensated.
 */
public final class InventoryHandler implements CommandHandler {

    @Override
    public String name() {
        return "inventory";
    }

    @Override
    public String failureReply(SagaCommand command) {
        return RESERVE_INVENTORY.equals(command.getCommandType()) ? INVENTORY_REJECTED : null;
    }

    @Override
    public Decision handle(Connection db, SagaCommand command) throws SQLException {
        String sagaId = command.getSagaId();
        String status = ParticipantSql.lockStatus(db, "inventory_reservations", sagaId);
        return switch (command.getCommandType()) {
            case RESERVE_INVENTORY -> status != null
                    ? (status.equals("HELD") ? Decision.ok(INVENTORY_RESERVED)
                            : Decision.refused(INVENTORY_REJECTED, "reservation already released"))
                    : reserve(db, sagaId, quantities(command));
            case RELEASE_INVENTORY -> release(db, sagaId, status);
            default -> Decision.refused(INVENTORY_REJECTED, "unknown command " + command.getCommandType());
        };
    }

    private static Map<String, Integer> quantities(SagaCommand command) {
        Map<String, Integer> wanted = new TreeMap<>();
        for (FulfilmentItem item : command.getPayload().getItems()) {
            wanted.merge(item.getSku(), item.getQuantity(), Integer::sum);
        }
        return wanted;
    }

    private static Decision reserve(Connection db, String sagaId, Map<String, Integer> wanted) throws SQLException {
        Map<String, Integer> available = new LinkedHashMap<>();
        try (PreparedStatement lock = db.prepareStatement("SELECT available FROM inventory_stock WHERE sku = ? FOR UPDATE")) {
            for (String sku : wanted.keySet()) {
                lock.setString(1, sku);
                try (ResultSet rs = lock.executeQuery()) {
                    available.put(sku, rs.next() ? rs.getInt(1) : 0);
                }
            }
        }
        for (Map.Entry<String, Integer> w : wanted.entrySet()) {
            if (available.get(w.getKey()) < w.getValue()) {
                return Decision.refused(INVENTORY_REJECTED, "out of stock: " + w.getKey() + " (" + available.get(w.getKey())
                        + " available, " + w.getValue() + " wanted)");
            }
        }
        adjust(db, wanted, -1);
        StringBuilder items = new StringBuilder();
        wanted.forEach((sku, q) -> items.append(items.length() == 0 ? "" : ",").append(sku).append(':').append(q));
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO inventory_reservations (saga_id, items, status) VALUES (?, ?, 'HELD')")) {
            insert.setString(1, sagaId);
            insert.setString(2, items.toString());
            insert.executeUpdate();
        }
        return Decision.ok(INVENTORY_RESERVED);
    }

    private static Decision release(Connection db, String sagaId, String status) throws SQLException {
        if (status == null) {
            ParticipantSql.insertMarker(db, "INSERT INTO inventory_reservations (saga_id, items, status) VALUES (?, '', 'RELEASED')", sagaId);
        } else if (status.equals("HELD")) {
            Map<String, Integer> held = new TreeMap<>();
            try (PreparedStatement select = db.prepareStatement("SELECT items FROM inventory_reservations WHERE saga_id = ?")) {
                select.setString(1, sagaId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    for (String item : rs.getString(1).split(",")) {
                        String[] parts = item.split(":");
                        held.put(parts[0], Integer.parseInt(parts[1]));
                    }
                }
            }
            adjust(db, held, +1);
            ParticipantSql.setStatus(db, "inventory_reservations", sagaId, "RELEASED");
        }
        return Decision.ok(INVENTORY_RELEASED);
    }

    private static void adjust(Connection db, Map<String, Integer> quantities, int sign) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE inventory_stock SET available = available + ? WHERE sku = ?")) {
            for (Map.Entry<String, Integer> q : quantities.entrySet()) {
                update.setInt(1, sign * q.getValue());
                update.setString(2, q.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
