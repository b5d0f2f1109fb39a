package io.eventline.bench;

import io.eventline.common.serde.EnvelopeRecordSerializer;
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
                EnvelopeRecordSerializer.valueSerializer(services.registryConfig, BenchServices.TOPIC);
        long t1 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = services.producer(20)) {
            for (Outgoing out; (out = backlog.next()) != null; ) {
                byte[] v = value.serialize(out.event());
                backlog.countBytes(v.length);
                producer.send(new ProducerRecord<>(BenchServices.TOPIC, null, out.event().getTimestamp().toEpochMilli(),
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
        report.workload.add(String.format("parallelism %d, gap timeout %d ms, checkpoint interval %d s, JDBC batch %d",
                options.parallelism, options.gapTimeout.toMillis(), options.checkpointInterval.toSeconds(),
                options.batchSize));
        return backlog;
    }
}
