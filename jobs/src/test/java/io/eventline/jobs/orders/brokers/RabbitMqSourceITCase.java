package io.eventline.jobs.orders.brokers;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.eventline.brokers.rabbitmq.RabbitMqTopology;
import io.eventline.testkit.brokers.RabbitMqServer;
import io.eventline.testkit.workload.Outgoing;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code --source rabbitmq}: a durable single-active-consumer queue behind a consistent-hash exchange. */
class RabbitMqSourceITCase extends BrokerSourceContract {

    @Override
    List<String> sourceArgs(String name) {
        return List.of("--source", "rabbitmq", "--source-uri", RabbitMqServer.shared().uri(), "--source-names", name,
                "--rabbitmq-exchange", name + ".x");
    }

    @Override
    void publish(String name, List<Outgoing> records, BrokerPipelineRun run) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RabbitMqServer.shared().uri());
        try (Connection connection = factory.newConnection("test-producer"); Channel channel = connection.createChannel()) {
            RabbitMqTopology.declare(channel, name + ".x", List.of(name));
            channel.confirmSelect();
            java.util.concurrent.atomic.AtomicInteger returned = new java.util.concurrent.atomic.AtomicInteger();
            channel.addReturnListener(r -> returned.incrementAndGet());
            for (Outgoing out : records) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .headers(Map.of("timestamp_in_ms", System.currentTimeMillis())).build();
                // mandatory: a message no queue took comes back instead of being confirmed and lost
                channel.basicPublish(name + ".x", out.key(), true, props, run.value(out));
            }
            channel.waitForConfirmsOrDie(30_000);
            org.assertj.core.api.Assertions.assertThat(returned.get()).as("unroutable messages").isZero();
        }
    }

    @Override
    Duration gapTimeout() {
        return Duration.ofSeconds(30); // RabbitMQ takes about 12 s to stop and boot again, more on a loaded machine
    }

    @Override
    void restartServer(Duration down) {
        RabbitMqServer.shared().restart(down);
    }


    @Override
    String sourceHeader() {
        return "rabbitmq-queue";
    }

    @Override
    String positionHeader() {
        return "rabbitmq-delivery-tag";
    }
}
