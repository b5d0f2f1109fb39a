package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.brokers.file.JsonLinesFileConnector;
import io.eventline.brokers.nats.JetStreamConnector;
import io.eventline.brokers.rabbitmq.RabbitMqConnector;
import io.eventline.brokers.redis.RedisStreamsConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --source} and its options select the broker connector; the defaults follow the Kafka options. */
class OrderEventSourcesTest {

    @Test
    void eachSourceGetsItsConnectorWithTheDocumentedDefaults() {
        JobOptions rabbit = JobCommandLine.parse("--source", "rabbitmq", "--topic", "orders");
        assertThat(OrderEventSources.connector(rabbit)).isEqualTo(
                new RabbitMqConnector("amqp://guest:guest@localhost:5672", List.of("orders"), null, 20_000));

        JobOptions redis = JobCommandLine.parse("--source", "redis", "--source-uri", "redis://r:1",
                "--source-names", "a,b", "--group-id", "g");
        assertThat(OrderEventSources.connector(redis)).isEqualTo(
                new RedisStreamsConnector("redis://r:1", List.of("a", "b"), "g", 1000, 20_000, Duration.ofMinutes(1)));

        JobOptions nats = JobCommandLine.parse("--source", "NATS", "--source-consumer", "d", "--nats-ack-wait", "PT30S",
                "--source-prefetch", "500");
        assertThat(OrderEventSources.connector(nats)).isEqualTo(new JetStreamConnector("nats://localhost:4222",
                List.of("orders"), "d", 1000, Duration.ofSeconds(30), 500));

        JobOptions file = JobCommandLine.parse("--source", "file", "--source-names", "/tmp/x.jsonl", "--envelope", "eventbridge");
        assertThat(OrderEventSources.connector(file)).isEqualTo(new JsonLinesFileConnector(List.of("/tmp/x.jsonl")));
        assertThat(file.source.envelope).isEqualTo(SourceOptions.Envelope.EVENTBRIDGE);
    }

    @Test
    void kafkaIsTheDefaultAndAnUnknownSourceIsRefused() {
        assertThat(JobCommandLine.parse().source.kind).isEqualTo(SourceOptions.Kind.KAFKA);
        assertThatThrownBy(() -> JobCommandLine.parse("--source", "sqs"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--source");
    }
}
