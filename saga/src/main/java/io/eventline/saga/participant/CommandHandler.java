package io.eventline.saga.participant;

import io.eventline.sagas.SagaCommand;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A participant's business logic: applies one command inside the transaction the service opened (which also
 * records the command id and the reply), and says what to answer.
 */
public interface CommandHandler {

    /** The participant's name: its tables are prefixed with it, and replies name it. */
    String name();

    Decision handle(Connection connection, SagaCommand command) throws SQLException;

    /** The reply an injected failure gives to this command (a refusal of the step); null: not failable. */
    String failureReply(SagaCommand command);
}
