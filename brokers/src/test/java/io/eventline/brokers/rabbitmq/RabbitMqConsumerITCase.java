package io.eventline.brokers.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.BrokerSplit;
import io.eventline.testkit.brokers.RabbitMqServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RabbitMQ consumer against the real server: delivers in order with the coordinates, redelivers what was not
 * acknowledged when a consumer goes away, and keeps consuming across a broker restart.
 */
class RabbitMqConsumerITCase {

    static RabbitMqServer server;

    @BeforeAll
    static void start() {
        server = RabbitMqServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unacknowledgedMessagesAreRedeliveredAndConsumptionSurvivesARestart() throws Exception {
        RabbitMqConnector connector = new RabbitMqConnector(server.uri(), List.of("q1"), "q1.x", 100);
        BrokerConsumer first = connector.open(new BrokerSplit("q1"), "test-1");
        publish("q1.x", "a", "b", "c");
        List<BrokerMessage> got = pollUntil(first, 3);
        assertThat(got).extracting(m -> new String(m.value(), StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
        assertThat(got).extracting(BrokerMessage::source).containsOnly("q1");
        first.acknowledge(got.subList(0, 1)); // only "a"
        first.close();

        BrokerConsumer second = connector.open(new BrokerSplit("q1"), "test-2");
        List<BrokerMessage> again = pollUntil(second, 2);
        assertThat(again).extracting(m -> new String(m.value(), StandardCharsets.UTF_8)).containsExactly("b", "c");
        assertThat(again).allSatisfy(m -> assertThat(new String(m.headers().get("rabbitmq-redelivered"))).isEqualTo("true"));
        // a restart before their checkpoint completed: the broker redelivers b and c to the recovered consumer, and
        // acknowledging the old session's tags afterwards is harmless (it must not ack the new deliveries)
        server.restart(Duration.ofMillis(500));
        publish("q1.x", "d");
        second.acknowledge(again);
        List<BrokerMessage> afterRestart = pollUntil(second, 3);
        assertThat(afterRestart).extracting(m -> new String(m.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("b", "c", "d");
        second.acknowledge(afterRestart);
        second.close();
        BrokerConsumer third = connector.open(new BrokerSplit("q1"), "test-3");
        assertThat(pollUntil(third, 1)).as("everything acknowledged").isEmpty();
        third.close();
    }

    private void publish(String exchange, String... values) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(server.uri());
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            for (String v : values) {
                ch.basicPublish(exchange, "key-" + v, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        v.getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
        }
    }

    static List<BrokerMessage> pollUntil(BrokerConsumer consumer, int n) throws Exception {
        List<BrokerMessage> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(n == 1 ? 3 : 60).toNanos();
        while (all.size() < n && System.nanoTime() < deadline) {
            all.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        return all;
    }
}
