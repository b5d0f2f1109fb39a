package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.ordering.GapPolicy;
import io.eventline.common.ordering.OrderingConfig;
import io.eventline.contracts.OrderingReasons;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.jobs.orders.envelope.OrderEnvelopes;
import io.eventline.jobs.orders.projection.CustomerOrdersRow;
import io.eventline.jobs.orders.projection.OrderSummaryRow;
import io.eventline.jobs.orders.projection.ProjectionStatusRow;
import io.eventline.jobs.testutils.CollectingSink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole order-projections workflow ({@link OrderProjectionsJob#defineWorkflow}) on a MiniCluster, with no Kafka
 * and no database: a bounded source of the records a producer would write (JSON, decoded by the job's own
 * deserializer) and collecting sinks. A scripted stream with a reorder, a duplicate, a gap that times out (skip),
 * an invalid and a malformed record, and a PaymentAuthorized without currency (issue 10.3) gives exact rows and
 * dead letters. Generic types are disabled, so any Kryo fallback fails the job.
 */
class OrderProjectionsWorkflowTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2025-06-28T10:00:00Z");
    /** The gap timeout is processing time here; the source is paced so that it passes before the input ends. */
    private static final Duration GAP_TIMEOUT = Duration.ofMillis(100);
    private static final int RECORDS_PER_SECOND = 25;

    private final CollectingSink<OrderSummaryRow> orders = new CollectingSink<>();
    private final CollectingSink<CustomerOrdersRow> customers = new CollectingSink<>();
    private final CollectingSink<ProjectionStatusRow> status = new CollectingSink<>();
    private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();

    @AfterEach
    void clear() {
        orders.clear();
        customers.clear();
        status.clear();
        deadLetters.clear();
    }

    private static String event(String type, String eventId, String orderId, long seq, int minute, String payload) {
        return "{\"eventType\": \"" + type + "\", \"eventId\": \"" + eventId + "\", \"aggregateType\": \"Order\", "
                + "\"aggregateId\": \"" + orderId + "\", \"sequenceNumber\": " + seq + ", \"timestamp\": \""
                + T0.plusSeconds(60L * minute) + "\", \"version\": \"1.0\", \"payload\": {\"orderId\": \"" + orderId
                + "\"" + payload + "}}";
    }

    /** The scripted topic, one record per offset. */
    static List<String> script() {
        String delivered = event("OrderDelivered", "evt-1-4", "ord-1", 4, 4, "");
        String payment = event("PaymentAuthorized", "evt-1-2", "ord-1", 2, 2,
                ", \"paymentId\": \"pay-1\", \"amount\": 99.98"); // no currency: the order's applies
        List<String> records = new ArrayList<>(List.of(
                /* 0 */ event("OrderPlaced", "evt-1-1", "ord-1", 1, 0, ", \"customerId\": \"cust-1\", "
                        + "\"items\": [{\"sku\": \"A\", \"quantity\": 2, \"unitPrice\": 49.99}], "
                        + "\"total\": 99.98, \"currency\": \"USD\""),
                /* 1 */ event("OrderShipped", "evt-1-3", "ord-1", 3, 3, ", \"carrier\": \"DHL\", \"trackingNumber\": \"T1\""),
                /* 2 */ payment,
                /* 3 */ payment, // duplicate delivery: dropped
                /* 4 */ event("OrderPlaced", "evt-2-1", "ord-2", 1, 10, ", \"customerId\": \"cust-1\", "
                        + "\"items\": [{\"sku\": \"B\", \"quantity\": 1, \"unitPrice\": 20}], "
                        + "\"total\": 20, \"currency\": \"EUR\""),
                /* 5 */ event("OrderCancelled", "evt-2-3", "ord-2", 3, 13, ", \"reason\": \"changed mind\""), // 2 never comes
                /* 6 */ event("OrderPlaced", "evt-3-0", "ord-3", 0, 20, ", \"customerId\": \"cust-2\", "
                        + "\"items\": [], \"total\": 1, \"currency\": \"USD\""), // sequence 0: invalid
                /* 7 */ "{\"eventType\": \"OrderPlaced\", ", // not JSON: malformed
                /* 8 */ delivered));
        for (int i = 0; i < 10; i++) {
            records.add(delivered); // duplicates while the gap timer of ord-2 runs out
        }
        return records;
    }

    /** What the job's Kafka source would emit for the scripted topic: each record through the job's deserializer. */
    private static final class ScriptedTopic implements GeneratorFunction<Long, Either<EventEnvelope, DeadLetter>> {
        private static final long serialVersionUID = 1L;
        private final List<String> values;
        private final EnvelopeRecordDeserializer<EventEnvelope> deserializer =
                OrderEnvelopes.deserializer(RegistryConfig.of("http://127.0.0.1:1"), "orders-job"); // JSON only

        ScriptedTopic(List<String> values) {
            this.values = List.copyOf(values);
        }

        @Override
        public Either<EventEnvelope, DeadLetter> map(Long offset) throws Exception {
            byte[] value = values.get(offset.intValue()).getBytes(StandardCharsets.UTF_8);
            return deserializer.decode(new ConsumerRecord<>("orders", 0, offset, T0.toEpochMilli(),
                    TimestampType.CREATE_TIME, 0, value.length, null, value, new RecordHeaders(), Optional.empty()));
        }
    }

    private void runWorkflow(List<String> records) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataGeneratorSource<Either<EventEnvelope, DeadLetter>> source = new DataGeneratorSource<>(
                new ScriptedTopic(records), records.size(), RateLimiterStrategy.perSecond(RECORDS_PER_SECOND),
                OrderEnvelopes.decodedType());
        // One reader keeps the topic's order, as one Kafka partition does.
        DataStream<Either<EventEnvelope, DeadLetter>> input = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "scripted orders")
                .setParallelism(1)
                .uid(OrderProjectionsJob.SOURCE_UID);
        OrderingConfig ordering = OrderingConfig.defaults().withJobName("orders-job")
                .withGapPolicy(GapPolicy.SKIP).withGapTimeout(GAP_TIMEOUT);
        OrderProjectionsJob.defineWorkflow(input, null,
                new OrderProjectionsJob.Sinks(orders, customers, status, deadLetters), ordering);
        env.execute("order-projections-workflow");
    }

    @Test
    void theScriptedStreamGivesExactRowsAndDeadLetters() throws Exception {
        runWorkflow(script());

        assertThat(versions(orders.received(), r -> r.orderId, r -> r.version))
                .isEqualTo(Map.of("ord-1", List.of(1L, 2L, 3L, 4L), "ord-2", List.of(1L, 2L)));
        assertThat(latest(orders.received(), r -> r.orderId, r -> r.version)).containsExactly(
                order("ord-1", "delivered", 2, "99.98", "USD", 0, 4, 4, "evt-1-4", 4),
                order("ord-2", "cancelled", 1, "20.00", "EUR", 10, 13, 3, "evt-2-3", 2));

        CustomerOrdersRow customer = new CustomerOrdersRow();
        customer.customerId = "cust-1";
        customer.ordersPlaced = 2;
        customer.ordersCancelled = 1;
        customer.lifetimeValue = new BigDecimal("99.98");
        customer.lastOrderAt = minute(10);
        customer.updatedAt = minute(13);
        customer.version = 6;
        assertThat(latest(customers.received(), r -> r.customerId, r -> r.version)).containsExactly(customer);

        assertThat(latest(status.received(), r -> r.projection, r -> r.version))
                .extracting(r -> r.projection, r -> r.lastEventAt, r -> r.eventsApplied, r -> r.version)
                .containsExactly(tuple("customer_orders", minute(13), 6L, 6L),
                        tuple("order_summary", minute(13), 6L, 6L));

        List<DeadLetter> letters = deadLetters.received();
        letters.sort(Comparator.comparing(DeadLetter::getStage).thenComparing(DeadLetter::getReason));
        assertThat(letters)
                .extracting(DeadLetter::getStage, DeadLetter::getReason, DeadLetter::getEventId,
                        DeadLetter::getAggregateId, DeadLetter::getSequenceNumber, DeadLetter::getOffset)
                .containsExactly(
                        tuple("deserialize", "malformed", null, null, null, 7L),
                        tuple("order", OrderingReasons.GAP_TIMEOUT, null, "ord-2", 2L, null),
                        tuple("validate", "invalid-envelope", "evt-3-0", "ord-3", 0L, 6L));
        assertThat(letters.get(2).getMessage())
                .isEqualTo("invalid envelope: sequenceNumber must be null or >= 1, was 0");
        assertThat(letters).allSatisfy(l -> assertThat(l.getJobName()).isEqualTo("orders-job"));
    }

    @Test
    void aPaymentWithoutCurrencyIsAppliedWithTheOrdersCurrency() throws Exception {
        runWorkflow(List.of(script().get(0), script().get(2)));

        assertThat(latest(orders.received(), r -> r.orderId, r -> r.version))
                .containsExactly(order("ord-1", "paid", 2, "99.98", "USD", 0, 2, 2, "evt-1-2", 2));
        assertThat(deadLetters.received()).isEmpty();
    }

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    private static OrderSummaryRow order(String orderId, String status, int items, String total, String currency,
            int placedMinute, int updatedMinute, long lastSequence, String lastEventId, long version) {
        OrderSummaryRow r = new OrderSummaryRow();
        r.orderId = orderId;
        r.customerId = "cust-1";
        r.status = status;
        r.itemCount = items;
        r.total = new BigDecimal(total);
        r.currency = currency;
        r.placedAt = minute(placedMinute);
        r.updatedAt = minute(updatedMinute);
        r.lastSequence = lastSequence;
        r.lastEventId = lastEventId;
        r.version = version;
        return r;
    }

    /** The versions each key's rows arrived with, in order (one writer per key, so that order is the emit order). */
    private static <R> Map<String, List<Long>> versions(List<R> rows, Function<R, String> key, ToLongFunction<R> version) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (R r : rows) {
            out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(version.applyAsLong(r));
        }
        return out;
    }

    /** The row with the highest version per key, by key: what the version-guarded upsert leaves in a table. */
    private static <R> List<R> latest(List<R> rows, Function<R, String> key, ToLongFunction<R> version) {
        Map<String, R> out = new TreeMap<>();
        for (R r : rows) {
            out.merge(key.apply(r), r, (a, b) -> version.applyAsLong(a) >= version.applyAsLong(b) ? a : b);
        }
        return new ArrayList<>(out.values());
    }
}
