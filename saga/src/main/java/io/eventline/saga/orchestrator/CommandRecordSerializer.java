package io.eventline.saga.orchestrator;

import io.eventline.common.saga.SagaCommand;
import io.eventline.saga.SagaMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The operator's commands as Avro {@code SagaCommand} records on their step's topic (the step's destination),
 * keyed by saga id so that one saga's commands stay in order on one partition.
 */
final class CommandRecordSerializer implements KafkaRecordSerializationSchema<SagaCommand> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(SagaCommand c, KafkaSinkContext context, Long timestamp) {
        io.eventline.sagas.SagaCommand wire = io.eventline.sagas.SagaCommand.newBuilder()
                .setCommandId(c.commandId).setSagaId(c.sagaId).setSagaType(c.sagaType).setStep(c.step)
                .setCommandType(c.commandType).setAttempt(c.attempt).setCompensation(c.compensation)
                .setIssuedAt(Instant.ofEpochMilli(c.issuedAt))
                .setPayload(c.data == null ? null : SagaMessages.order(c.data))
                .build();
        return new ProducerRecord<>(c.destination, null, c.issuedAt, c.sagaId.getBytes(StandardCharsets.UTF_8),
                SagaMessages.encode(wire));
    }
}
