package io.eventline.jobs.orders.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.check.ReadModelChecker;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Opt-in benchmark ({@code -Deventline.brokers.bench=true}, or {@code bench/run-brokers.sh}): the same clean workload
 * preloaded into Kafka, RabbitMQ, Redis and NATS, then read by the job as production wires it (parallelism 1,
 * checkpoints every second, PostgreSQL sinks) until the read models are exact; prints events/s per source from
 * the first applied event to the last, in one run, one after the other on the same machine.
 */
class BrokerThroughputITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long EVENTS = Long.getLong("eventline.brokers.bench.events", 100_000);

    @Test
    void eventsPerSecondPerSource() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("eventline.brokers.bench"), "opt-in: -Deventline.brokers.bench=true");
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("kafka", measure("kafka", new KafkaPublisher()));
        rates.put("rabbitmq", measure("rabbitmq", new RabbitMqSourceITCase()));
        rates.put("redis", measure("redis", new RedisStreamsSourceITCase()));
        rates.put("nats", measure("nats", new JetStreamSourceITCase()));
        StringBuilder table = new StringBuilder("\n| source | events | events/s |\n|---|---|---|\n");
        rates.forEach((source, rate) -> table.append(String.format("| %s | %,d | %,.0f |%n", source, EVENTS, rate)));
        System.out.println(table);
    }

    private double measure(String source, BrokerSourceContract broker) throws Exception {
        OrderWorkload workload = new OrderWorkload(WorkloadSettings.builder().seed(5).events(EVENTS)
                .aggregates((int) (EVENTS / 4)).idPrefix(source + "-").build());
        List<Outgoing> records = workload.remaining();
        String name = "bench" + source + System.nanoTime() % 100_000;
        List<String> args = new ArrayList<>(broker.sourceArgs(name));
        args.addAll(List.of("--sink-batch-size", "2000"));
        try (BrokerPipelineRun run = new BrokerPipelineRun("bench-" + source, args.toArray(String[]::new))) {
            broker.publish(name, records, run);
            run.start();
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (run.appliedEvents() < EVENTS && System.nanoTime() < deadline) {
                if (first == 0 && run.appliedEvents() > 0) {
                    first = System.nanoTime();
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            assertThat(ReadModelChecker.checkDatabase(run.jdbcUrl, List.of(workload)).mismatches()).isEmpty();
            return EVENTS / seconds;
        }
    }

    /** The Kafka baseline through the same contract: one partition, the job's --topic itself. */
    static final class KafkaPublisher extends BrokerSourceContract {
        @Override
        List<String> sourceArgs(String name) {
            return List.of("--source", "kafka", "--starting-offsets", "earliest", "--group-id", name);
        }

        @Override
        void publish(String name, List<Outgoing> records, BrokerPipelineRun run) {
            run.kafka.createTopics(1, run.topic);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 20), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (Outgoing out : records) {
                    producer.send(new ProducerRecord<>(run.topic, BrokerPipelineRun.key(out), run.value(out)));
                }
            }
        }

        @Override
        void restartServer(Duration down) {
            throw new UnsupportedOperationException();
        }

        @Override
        String sourceHeader() {
            return null;
        }

        @Override
        String positionHeader() {
            return null;
        }
    }
}
