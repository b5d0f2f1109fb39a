package io.eventline.jobs.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.common.ordering.OrderingCommand;
import java.io.IOException;
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
 * Operator commands on the control topic, as JSON: {@code {"type": "UNPARK", "aggregateId": "ord-1"}}. A command
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
        private transient ObjectMapper mapper;

        @Override
        public OrderingCommand deserialize(byte[] message) {
            if (mapper == null) {
                mapper = new ObjectMapper();
            }
            try {
                JsonNode node = mapper.readTree(message);
                String aggregateId = node.path("aggregateId").asText("");
                OrderingCommand.Type type = OrderingCommand.Type.valueOf(node.path("type").asText(""));
                if (aggregateId.isEmpty()) {
                    throw new IllegalArgumentException("aggregateId is missing");
                }
                return new OrderingCommand(aggregateId, type);
            } catch (IOException | IllegalArgumentException | NullPointerException e) {
                LOG.warn("skipping an unreadable control command ({}): {}", e.getMessage(),
                        message == null ? "null" : new String(message, java.nio.charset.StandardCharsets.UTF_8));
                return null;
            }
        }
    }
}
