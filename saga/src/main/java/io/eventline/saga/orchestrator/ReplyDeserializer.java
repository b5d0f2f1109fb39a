package io.eventline.saga.orchestrator;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.saga.SagaInput;
import io.eventline.deadletter.DeadLetter;
import io.eventline.saga.SagaMessages;
import io.eventline.sagas.SagaReply;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Participants' replies as saga inputs; a record that is not a {@code SagaReply} becomes a dead letter
 * ({@code deserialize/malformed}) with its coordinates and bytes, never an exception that would crash-loop.
 */
final class ReplyDeserializer implements KafkaRecordDeserializationSchema<Either<SagaInput, DeadLetter>> {

    private static final long serialVersionUID = 1L;
    static final String MALFORMED = "malformed";

    private final String jobName;

    ReplyDeserializer(String jobName) {
        this.jobName = jobName;
    }

    static TypeInformation<Either<SagaInput, DeadLetter>> type() {
        return new EitherTypeInfo<>(TypeInformation.of(SagaInput.class), new AvroTypeInfo<>(DeadLetter.class));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<SagaInput, DeadLetter>> out) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("null value");
            }
            SagaReply r = SagaMessages.reply(record.value());
            out.collect(Either.Left(SagaInput.reply(r.getSagaId(), r.getReplyId(), r.getCommandId(), r.getStep(),
                    r.getReplyType(), r.getReason())));
        } catch (Exception e) {
            DeadLetter.Builder letter = DeadLetters.forRecord(record, Stage.DESERIALIZE, MALFORMED,
                    "not a SagaReply: " + e.getMessage(), jobName);
            out.collect(Either.Right(DeadLetters.withException(letter, e).build()));
        }
    }

    @Override
    public TypeInformation<Either<SagaInput, DeadLetter>> getProducedType() {
        return type();
    }
}
