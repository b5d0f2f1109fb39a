package io.eventline.jobs.orders.brokers;

import io.eventline.brokers.nats.JetStreamTopology;
import io.eventline.testkit.brokers.NatsServer;
import io.eventline.testkit.workload.Outgoing;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.List;

/** {@code --source nats}: a JetStream stream through a durable pull consumer. */
class JetStreamSourceITCase extends BrokerSourceContract {

    @Override
    List<String> sourceArgs(String name) {
        // the default ack wait (two minutes): what the killed TaskManager or a pull lost in the restart had fetched
        // must come back through the source's rewind to the ack floor, not through JetStream's ack-wait redelivery
        return List.of("--source", "nats", "--source-uri", NatsServer.shared().url(), "--source-names", name);
    }

    @Override
    void publish(String name, List<Outgoing> records, BrokerPipelineRun run) throws Exception {
        try (Connection connection = Nats.connect(NatsServer.shared().url())) {
            JetStreamTopology.ensureStream(connection.jetStreamManagement(), name);
            JetStream js = connection.jetStream();
            String subject = JetStreamTopology.subject(name, "orders");
            for (Outgoing out : records) {
                // synchronous publish: JetStream acknowledged (stored) each message
                js.publish(NatsMessage.builder().subject(subject).headers(new Headers().add("key", out.key()))
                        .data(run.value(out)).build());
            }
        }
    }

    @Override
    void restartServer(Duration down) {
        NatsServer.shared().restart(down);
    }

    @Override
    String sourceHeader() {
        return "nats-stream";
    }

    @Override
    String positionHeader() {
        return "nats-stream-sequence";
    }
}
