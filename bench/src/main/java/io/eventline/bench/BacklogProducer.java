package io.eventline.bench;

import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.events.EventEnvelope;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import java.nio.charset.StandardCharsets;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces the benchmark's backlog (the testkit workload, Avro through the registry) into the topic once. */
final class BacklogProducer {

    private BacklogProducer() {}

    static OrderWorkload produce(BenchOptions options, BenchServices services, Report report) {
        long t0 = System.nanoTime();
        OrderWorkload backlog = new OrderWorkload(options.workload());
        BenchHarness.say(String.format("workload planned in %.1f s; producing into %s (%d partitions) ...",
                (System.nanoTime() - t0) / 1e9, BenchServices.TOPIC, BenchServices.PARTITIONS));
        RegistryAvroSerializationSchema<EventEnvelope> value =
                OrderEnvelopes.valueSerializer(services.registryConfig, BenchServices.TOPIC);
        // Records: the events, their duplicates, and a margin for the workload's other records.
        BacklogLogTime logTime = new BacklogLogTime(options.logRate,
                (long) (options.events * (1.2 + options.duplicateRate)) + 1_000, System.currentTimeMillis());
        long t1 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = services.producer(20)) {
            for (Outgoing out; (out = backlog.next()) != null; ) {
                byte[] v = value.serialize(out.event());
                backlog.countBytes(v.length);
                producer.send(new ProducerRecord<>(BenchServices.TOPIC, null, logTime.next(),
                        out.key().getBytes(StandardCharsets.UTF_8), v));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        long records = backlog.records();
        long inTopic = services.topicRecords(BenchServices.TOPIC);
        if (inTopic != records) {
            throw new IllegalStateException("topic holds " + inTopic + " records, generated " + records);
        }
        String line = backlog.describe();
        BenchHarness.say(line);
        long avg = backlog.bytes() / Math.max(1, records);
        BenchHarness.say(String.format("produced %,d records (avg %d bytes) in %.1f s (%,.0f records/s)", records, avg,
                seconds, records / seconds));
        report.workload.add(line);
        report.workload.add(String.format("avg Avro record %d bytes (Confluent wire format), %s in the topic", avg,
                Report.bytes(backlog.bytes())));
        report.workload.add(String.format("%,d orders with events, %,d customers; expected dead letters %s",
                backlog.ordersPresent(), backlog.customerCount(), backlog.expectedDeadLetters()));
        report.workload.add(String.format("parallelism %d, gap timeout %d ms, checkpoint interval %d s, JDBC batch %d; "
                + "record timestamps: %,.0f records per second of log time (the gap timeout is %,.0f records)",
                options.parallelism, options.gapTimeout.toMillis(), options.checkpointInterval.toSeconds(),
                options.batchSize, options.logRate, options.gapTimeout.toMillis() / 1000.0 * options.logRate));
        return backlog;
    }
}
