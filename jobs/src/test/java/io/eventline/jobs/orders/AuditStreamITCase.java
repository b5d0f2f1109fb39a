package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.sink.TestDatabase;
import io.eventline.events.EventApplied;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.audit.AppliedEventAudit;
import io.eventline.jobs.orders.audit.JobVersion;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The audit stream (issue 17.5) through the job as production wires it (real broker, registry, PostgreSQL,
 * MiniCluster, parallelism 2, {@code --audit-topic --audit-table}): duplicates, a reordered pair, a conflicting
 * event and a malformed record, a stop with a savepoint and a start from it. A read_committed reader of
 * {@code <topic>.audit} and the {@code event_audit} table each hold exactly one record per applied event (their
 * count is the sum of the order_summary row versions), none for a duplicate or a dead-lettered record.
 */
class AuditStreamITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Record time of each first delivery, by eventId: an audit record is applied at or after it. */
    private final Map<String, Long> recordTimes = new HashMap<>();
    private long clock = System.currentTimeMillis();

    @Test
    void oneAuditRecordPerAppliedEventAcrossARestart() throws Exception {
        EventEnvelope placed1 = correlated(OrderEvents.placed("ord-1", "cust-a", 1, OrderEvents.at(0), "20.00",
                OrderEvents.item("BOOK-07", 1, "20.00")));
        EventEnvelope paid1 = OrderEvents.paid("ord-1", 2, OrderEvents.at(1), "20.00");
        EventEnvelope shipped1 = OrderEvents.shipped("ord-1", 3, OrderEvents.at(2));
        EventEnvelope placed2 = OrderEvents.placed("ord-2", "cust-b", 1, OrderEvents.at(3), "5.50",
                OrderEvents.item("PEN-03", 1, "5.50"));
        EventEnvelope cancelled2 = OrderEvents.cancelled("ord-2", 2, OrderEvents.at(4));
        EventEnvelope placed3 = OrderEvents.placed("ord-3", "cust-a", 1, OrderEvents.at(5), "9.99",
                OrderEvents.item("MUG-05", 1, "9.99"));
        // the same sequence number under another eventId: an ordering conflict, dead-lettered
        EventEnvelope conflict3 = EventEnvelope.newBuilder(placed3).setEventId("evt-ord-3-1-other").build();
        EventEnvelope paid3 = OrderEvents.paid("ord-3", 2, OrderEvents.at(6), "9.99");
        List<EventEnvelope> applied = List.of(placed1, paid1, shipped1, placed2, cancelled2, placed3, paid3);

        try (OrdersJobRun run = new OrdersJobRun("audit-stream", 2, 2,
                "--checkpoint-interval", "PT1S", "--audit-topic", "--audit-table")) {
            String auditTopic = run.topic + ".audit";
            run.kafka.createTopics(2, auditTopic);
            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
            // the stall detector's metrics as a reporter serves them (a port range: each start is a new MiniCluster)
            int reporterPort = io.eventline.testkit.PrometheusServer.freePort();
            run.configure("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                    .configure("metrics.reporter.prom.port", reporterPort + "-" + (reporterPort + 5));
            run.start(null);

            // shipped before paid (reordered), duplicates of placed1 and placed2, a conflict, a malformed record
            send(run, serializer, placed1, shipped1, paid1, placed1, placed2, placed2, cancelled2, placed3, conflict3);
            run.send(0, clock++, "ord-x", "not an event".getBytes(StandardCharsets.UTF_8));
            run.flush();
            awaitVersions(run, Map.of("ord-1", 3L, "ord-2", 2L, "ord-3", 1L));

            // across a stop with a savepoint and a start from it: nothing audited twice, nothing lost
            run.start(run.stopWithSavepoint());
            send(run, serializer, paid3, shipped1, cancelled2);
            awaitVersions(run, Map.of("ord-1", 3L, "ord-2", 2L, "ord-3", 2L));
            OrdersJobRun.await("the audit records of every applied event", WAIT,
                    () -> committedAudit(run, auditTopic).size() >= applied.size() && auditRows(run.jdbcUrl) >= applied.size());
            Thread.sleep(2_000); // one more checkpoint: an audit record written twice would be committed by now

            long versions = run.orders().values().stream().mapToLong(r -> r.version).sum();
            List<ConsumerRecord<byte[], byte[]>> records = committedAudit(run, auditTopic);
            assertThat(records).as("audit records = sum of row versions").hasSize((int) versions).hasSize(applied.size());
            Map<String, EventEnvelope> byEventId = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                EventEnvelope audit = decode(record.value());
                EventApplied a = (EventApplied) audit.getPayload();
                assertThat(byEventId.put(a.getEventId(), audit)).as("audited once: " + a.getEventId()).isNull();
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("audit-stream");
                assertThat(a.getAppliedAt().toEpochMilli()).isEqualTo(record.timestamp())
                        .isEqualTo(audit.getTimestamp().toEpochMilli())
                        .isGreaterThanOrEqualTo(recordTimes.get(a.getEventId()));
            }
            for (EventEnvelope e : applied) {
                EventEnvelope audit = byEventId.get(e.getEventId());
                assertThat(audit).as("audit of " + e.getEventId()).isNotNull();
                assertThat(audit.getEventId()).isEqualTo("audit:audit-stream:" + e.getEventId());
                assertThat(audit.getEventType()).isEqualTo(AppliedEventAudit.EVENT_TYPE);
                assertThat(audit.getAggregateType()).isEqualTo(AppliedEventAudit.TECHNICAL);
                assertThat(audit.getCausationId()).isEqualTo(e.getEventId());
                EventApplied a = (EventApplied) audit.getPayload();
                assertThat(List.of(a.getEventType(), a.getAggregateType(), a.getAggregateId(), a.getJobName(), a.getJobVersion()))
                        .containsExactly(e.getEventType(), "Order", e.getAggregateId(), "audit-stream", JobVersion.UNPACKAGED);
                assertThat(a.getSequenceNumber()).isEqualTo(e.getSequenceNumber());
                assertThat(a.getCausationId()).isEqualTo(e.getCausationId());
                assertThat(a.getCorrelationId()).isEqualTo(e.getCorrelationId());
            }
            assertThat(byEventId.keySet()).doesNotContain(conflict3.getEventId());
            assertThat(((EventApplied) byEventId.get("evt-ord-1-1").getPayload()).getCorrelationId()).isEqualTo("corr-1");

            // the source's stall metrics, one per subtask: registered, and no stall in this run
            assertThat(metricLines(reporterPort, "sourceStalled")).hasSize(2).allMatch(l -> l.endsWith(" 0.0"));
            assertThat(metricLines(reporterPort, "sourceStalls")).hasSize(2).allMatch(l -> l.endsWith(" 0.0"));

            // the table: the same records, one row each
            assertThat(auditTable(run.jdbcUrl)).isEqualTo(new TreeSet<>(byEventId.keySet()));
            // the conflict and the malformed record are dead letters; the duplicates are not
            assertThat(run.deadLetterCount()).as("dead letters").isEqualTo(2);
        }
    }

    /** The reporter's sample lines of one operator metric, from whichever port of the range serves it. */
    static List<String> metricLines(int firstPort, String metric) throws Exception {
        for (int port = firstPort; port <= firstPort + 5; port++) {
            try {
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                List<String> lines = response.body().lines()
                        .filter(l -> l.startsWith("flink_taskmanager_job_task_operator_" + metric + "{")).toList();
                if (!lines.isEmpty()) {
                    return lines;
                }
            } catch (java.io.IOException notServing) {
                // another port of the range
            }
        }
        return List.of();
    }

    private static EventEnvelope correlated(EventEnvelope e) {
        return EventEnvelope.newBuilder(e).setCorrelationId("corr-1").setCausationId("cmd-1").build();
    }

    private void send(OrdersJobRun run, EnvelopeRecordSerializer<EventEnvelope> serializer, EventEnvelope... events) {
        for (EventEnvelope e : events) {
            long time = clock++;
            recordTimes.putIfAbsent(e.getEventId(), time);
            run.send(Math.floorMod(e.getAggregateId().hashCode(), 2), time, e.getAggregateId(), serializer.serializeValue(e));
        }
        run.flush();
    }

    private static void awaitVersions(OrdersJobRun run, Map<String, Long> want) throws Exception {
        OrdersJobRun.await("order_summary versions " + want, WAIT, () -> {
            Map<String, Long> versions = new TreeMap<>();
            for (OrderSummaryRow row : run.orders().values()) {
                versions.put(row.orderId, row.version);
            }
            return versions.equals(want);
        });
    }

    /** Every committed record of the audit topic, as a read_committed consumer sees them. */
    static List<ConsumerRecord<byte[], byte[]>> committedAudit(OrdersJobRun run, String topic) {
        var props = new java.util.Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed end offsets: the last stable offsets
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The audit envelope from the Confluent wire format (magic byte, 4-byte schema id, Avro binary). */
    static EventEnvelope decode(byte[] value) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        assertThat(buffer.get()).as("magic byte").isZero();
        buffer.getInt(); // schema id of <topic>.audit-value
        return new SpecificDatumReader<>(EventEnvelope.class).read(null,
                DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    private static long auditRows(String jdbcUrl) throws Exception {
        return auditTable(jdbcUrl).size();
    }

    private static TreeSet<String> auditTable(String jdbcUrl) throws Exception {
        TreeSet<String> ids = new TreeSet<>();
        try (Connection c = TestDatabase.connect(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_id, job_name, version FROM event_audit")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).isEqualTo("audit-stream");
                assertThat(rs.getLong(3)).isEqualTo(1);
                assertThat(ids.add(rs.getString(1))).isTrue();
            }
        } catch (java.sql.SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("does not exist")) {
                throw e;
            }
        }
        return ids;
    }
}
