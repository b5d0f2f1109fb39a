package io.eventline.jobs.orders;

import io.eventline.common.ordering.OrderingCommand;
import io.eventline.contracts.ControlCommand;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator commands on the control topic, as JSON ({@link ControlCommand}). A command
 * that cannot be read is logged and skipped: it is an operator's input, not an event, and the operator sees the
 * warning and sends it again.
 */
public final class ControlCommands {

    public static final String SOURCE_UID = "control-commands-source";

    private ControlCommands() {}

    static DataStream<OrderingCommand> fromKafka(StreamExecutionEnvironment env, JobOptions options) {
        KafkaSource<OrderingCommand> source = KafkaSource.<OrderingCommand>builder()
                .setBootstrapServers(options.bootstrapServers)
                .setTopics(options.controlTopic)
                .setGroupId(options.groupId + "-control")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new JsonCommandSchema())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + options.controlTopic)
                .uid(SOURCE_UID);
    }

    /** Decodes one command; returns {@code null} (skipped by the source) for anything unreadable. */
    public static final class JsonCommandSchema extends AbstractDeserializationSchema<OrderingCommand> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(JsonCommandSchema.class);

        @Override
        public OrderingCommand deserialize(byte[] message) {
            try {
                ControlCommand command = ControlCommand.fromJson(message);
                return new OrderingCommand(command.aggregateId(), OrderingCommand.Type.valueOf(command.type().name()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping an unreadable control command ({}): {}", e.getMessage(),
                        message == null ? "null" : new String(message, StandardCharsets.UTF_8));
                return null;
            }
        }
    }
}
