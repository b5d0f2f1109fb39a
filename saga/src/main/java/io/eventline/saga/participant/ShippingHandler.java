package io.eventline.saga.participant;

import static io.eventline.saga.FulfilmentSaga.ARRANGE_SHIPMENT;
import static io.eventline.saga.FulfilmentSaga.CANCEL_SHIPMENT;
import static io.eventline.saga.FulfilmentSaga.SHIPMENT_ARRANGED;
import static io.eventline.saga.FulfilmentSaga.SHIPMENT_CANCELLED;
import static io.eventline.saga.FulfilmentSaga.SHIPMENT_FAILED;

import io.eventline.sagas.FulfilmentItem;
import io.eventline.sagas.SagaCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Shipments: refused when an item is one no carrier takes ({@code shipping_blocked_skus}). A cancellation that
 * arrives before its shipment leaves a CANCELLED marker, and the late shipment is then refused.
 */
public final class ShippingHandler implements CommandHandler {

    @Override
    public String name() {
        return "shipping";
    }

    @Override
    public String failureReply(SagaCommand command) {
        return ARRANGE_SHIPMENT.equals(command.getCommandType()) ? SHIPMENT_FAILED : null;
    }

    @Override
    public Decision handle(Connection db, SagaCommand command) throws SQLException {
        String status = ParticipantSql.lockStatus(db, "shipping_shipments", command.getSagaId());
        if (CANCEL_SHIPMENT.equals(command.getCommandType())) {
            if (status == null) {
                ParticipantSql.insertMarker(db, "INSERT INTO shipping_shipments (saga_id, tracking, status)"
                        + " VALUES (?, '', 'CANCELLED')", command.getSagaId());
            } else {
                ParticipantSql.setStatus(db, "shipping_shipments", command.getSagaId(), "CANCELLED");
            }
            return Decision.ok(SHIPMENT_CANCELLED);
        }
        if (!ARRANGE_SHIPMENT.equals(command.getCommandType())) {
            return Decision.refused(SHIPMENT_FAILED, "unknown command " + command.getCommandType());
        }
        if (status != null) {
            return status.equals("ARRANGED") ? Decision.ok(SHIPMENT_ARRANGED)
                    : Decision.refused(SHIPMENT_FAILED, "shipment already cancelled");
        }
        try (PreparedStatement blocked = db.prepareStatement("SELECT 1 FROM shipping_blocked_skus WHERE sku = ?")) {
            for (FulfilmentItem item : command.getPayload().getItems()) {
                blocked.setString(1, item.getSku());
                try (ResultSet rs = blocked.executeQuery()) {
                    if (rs.next()) {
                        return Decision.refused(SHIPMENT_FAILED, "no carrier takes " + item.getSku());
                    }
                }
            }
        }
        ParticipantSql.insertMarker(db, "INSERT INTO shipping_shipments (saga_id, tracking, status)"
                + " SELECT s, 'TRK-' || substr(md5(s), 1, 12), 'ARRANGED' FROM (VALUES (?)) AS v(s)", command.getSagaId());
        return Decision.ok(SHIPMENT_ARRANGED);
    }
}
