package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.events.EventApplied;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.OrderEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The audit stream's exactly-once across a crash, not only a stop with a savepoint ({@link AuditStreamITCase}): the
 * job on a MiniCluster, its only TaskManager terminated mid-stream (audit records of the open transaction written,
 * not committed), a new TaskManager started, the job restored from its last checkpoint; a read_committed reader then
 * finds exactly one audit record per applied event.
 */
class AuditCrashITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ORDERS = 30;

    @Test
    void oneAuditRecordPerAppliedEventAcrossATaskManagerFailure() throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        cluster.start();
        try (OrdersJobRun run = new OrdersJobRun("audit-crash", 2, 2, "--checkpoint-interval", "PT1S", "--audit-topic")) {
            String auditTopic = run.topic + ".audit";
            run.kafka.createTopics(2, auditTopic);
            EnvelopeRecordSerializer<EventEnvelope> serializer =
                    OrderEnvelopes.serializer(RegistryConfig.of(run.registry.ccompatUrl()), run.topic);
            run.submit(cluster);

            List<String> applied = new ArrayList<>();
            long time = System.currentTimeMillis();
            // the first half, and the first committed audit records (a checkpoint completed)
            for (int i = 1; i <= ORDERS / 2; i++) {
                time = send(run, serializer, i, time, applied);
            }
            run.flush();
            OrdersJobRun.await("a first committed audit record", WAIT,
                    () -> !AuditStreamITCase.committedAudit(run, auditTopic).isEmpty());
            // the second half, and the TaskManager fails while the job applies it
            for (int i = ORDERS / 2 + 1; i <= ORDERS; i++) {
                time = send(run, serializer, i, time, applied);
            }
            run.flush();
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            OrdersJobRun.await("every order at version 3", WAIT, () -> run.orders().size() == ORDERS
                    && run.orders().values().stream().allMatch(r -> r.version == 3));
            OrdersJobRun.await("the audit records of every applied event", WAIT,
                    () -> AuditStreamITCase.committedAudit(run, auditTopic).size() >= applied.size());
            Thread.sleep(2_000); // one more checkpoint: an audit record written twice would be committed by now

            assertThat(cluster.getExecutionGraph(run.jobId()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job restarted after the TaskManager failure").isPositive();
            List<ConsumerRecord<byte[], byte[]>> records = AuditStreamITCase.committedAudit(run, auditTopic);
            List<String> audited = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                audited.add(((EventApplied) AuditStreamITCase.decode(record.value()).getPayload()).getEventId());
            }
            Set<String> distinct = new TreeSet<>(audited);
            assertThat(audited).as("no applied event audited twice").hasSameSizeAs(distinct);
            assertThat(distinct).isEqualTo(new TreeSet<>(applied));
            long versions = run.orders().values().stream().mapToLong(r -> r.version).sum();
            assertThat(records).hasSize((int) versions).hasSize(3 * ORDERS);
            assertThat(run.deadLetterCount()).isZero();
        } finally {
            cluster.close();
        }
    }

    /** Placed, paid and shipped of one order, on the partition of its key; returns the next record time. */
    private static long send(OrdersJobRun run, EnvelopeRecordSerializer<EventEnvelope> serializer, int n, long time,
            List<String> applied) {
        String order = String.format("ord-%03d", n);
        List<EventEnvelope> events = List.of(
                OrderEvents.placed(order, "cust-" + (n % 5), 1, OrderEvents.at(n), "10.00", OrderEvents.item("BOOK-07", 1, "10.00")),
                OrderEvents.paid(order, 2, OrderEvents.at(n), "10.00"),
                OrderEvents.shipped(order, 3, OrderEvents.at(n)));
        for (EventEnvelope e : events) {
            run.send(Math.floorMod(order.hashCode(), 2), time++, order, serializer.serializeValue(e));
            applied.add(e.getEventId());
        }
        return time;
    }
}
