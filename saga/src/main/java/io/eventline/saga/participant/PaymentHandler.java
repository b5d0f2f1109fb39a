package io.eventline.saga.participant;

import static io.eventline.saga.FulfilmentSaga.AUTHORIZE_PAYMENT;
import static io.eventline.saga.FulfilmentSaga.PAYMENT_AUTHORIZED;
import static io.eventline.saga.FulfilmentSaga.PAYMENT_FAILED;
import static io.eventline.saga.FulfilmentSaga.PAYMENT_VOIDED;
import static io.eventline.saga.FulfilmentSaga.VOID_PAYMENT;

import io.eventline.sagas.FulfilmentOrder;
import io.eventline.sagas.SagaCommand;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Payment authorizations, refused above the customer's limit ({@code payment_limits}; no row: no limit). A void
 * that arrives before its authorization leaves a VOIDED marker (amount 0), and the late authorization is refused.
 */
public final class PaymentHandler implements CommandHandler {

    @Override
    public String name() {
        return "payment";
    }

    @Override
    public String failureReply(SagaCommand command) {
        return AUTHORIZE_PAYMENT.equals(command.getCommandType()) ? PAYMENT_FAILED : null;
    }

    @Override
    public Decision handle(Connection db, SagaCommand command) throws SQLException {
        String sagaId = command.getSagaId();
        String status = ParticipantSql.lockStatus(db, "payment_authorizations", sagaId);
        return switch (command.getCommandType()) {
            case AUTHORIZE_PAYMENT -> status != null
                    ? (status.equals("AUTHORIZED") ? Decision.ok(PAYMENT_AUTHORIZED)
                            : Decision.refused(PAYMENT_FAILED, "authorization already voided"))
                    : authorize(db, sagaId, command.getPayload());
            case VOID_PAYMENT -> {
                if (status == null) {
                    ParticipantSql.insertMarker(db, "INSERT INTO payment_authorizations (saga_id, customer_id, amount,"
                            + " currency, status) VALUES (?, '', 0, '', 'VOIDED')", sagaId);
                } else {
                    ParticipantSql.setStatus(db, "payment_authorizations", sagaId, "VOIDED");
                }
                yield Decision.ok(PAYMENT_VOIDED);
            }
            default -> Decision.refused(PAYMENT_FAILED, "unknown command " + command.getCommandType());
        };
    }

    private static Decision authorize(Connection db, String sagaId, FulfilmentOrder order) throws SQLException {
        try (PreparedStatement limit = db.prepareStatement("SELECT max_amount FROM payment_limits WHERE customer_id = ?")) {
            limit.setString(1, order.getCustomerId());
            try (ResultSet rs = limit.executeQuery()) {
                if (rs.next() && order.getAmount().compareTo(rs.getBigDecimal(1)) > 0) {
                    return Decision.refused(PAYMENT_FAILED, "amount " + order.getAmount() + " over the limit "
                            + rs.getBigDecimal(1).toPlainString());
                }
            }
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO payment_authorizations (saga_id, customer_id,"
                + " amount, currency, status) VALUES (?, ?, ?, ?, 'AUTHORIZED')")) {
            insert.setString(1, sagaId);
            insert.setString(2, order.getCustomerId());
            insert.setBigDecimal(3, new BigDecimal(order.getAmount().toPlainString()));
            insert.setString(4, order.getCurrency());
            insert.executeUpdate();
        }
        return Decision.ok(PAYMENT_AUTHORIZED);
    }
}
