package io.eventline.jobs.orders.projection;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.sink.JdbcSinkSettings;
import io.eventline.common.sink.DeadLetterOutput;
import io.eventline.common.sink.MergingUpsertSink;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Wiring of the order read models after the ordering operator:
 *
 * <pre>{@code
 * DataStream<EventEnvelope> ordered = ...;                  // deduplicated, in sequence per aggregate
 * OrderReadModels.Streams models = OrderReadModels.project(ordered, "orders-job", Instant::now);
 * OrderReadModels.sinkTo(models, JdbcSinkSettings.builder(url)
 *         .credentials(JdbcCredentials.fromEnvironment()).createMissingTables(true).build());
 * models.deadLetters.sinkTo(dlqSink);                        // stage "project"
 * }</pre>
 *
 * Operator uids are stable (savepoint compatibility): {@value #ORDER_UID}, {@value #CUSTOMER_UID},
 * {@value #CUSTOMER_REPLICA_UID} (the customer replica, {@link CustomerDenormalizer}), the stateless
 * {@value #CUSTOMER_EVENTS_UID},
 * tick batchers {@value #ORDER_TICKS_UID} and {@value #CUSTOMER_TICKS_UID},
 * {@value #STATUS_UID} and {@code <table>-sink}.
 */
public final class OrderReadModels {

    public static final String ORDER_UID = "order-summary-projection";
    public static final String CUSTOMER_UID = "customer-orders-projection";
    public static final String STATUS_UID = "projection-status";
    /** The customer replica joined into order_summary ({@link CustomerDenormalizer}). */
    public static final String CUSTOMER_REPLICA_UID = "order-summary-customer-replica";
    static final String CUSTOMER_EVENTS_UID = "customer-events-filter";
    static final String ORDER_TICKS_UID = "order-summary-ticks-batch";
    static final String CUSTOMER_TICKS_UID = "customer-orders-ticks-batch";
    /** How long a subtask sums its ticks at most: bounds how stale projection_status can be. */
    static final long TICK_BATCH_MS = 200;

    private OrderReadModels() {}

    /** The row streams of the three read models and the projection stage's dead letters. */
    public static final class Streams {
        public final DataStream<OrderSummaryRow> orders;
        public final DataStream<CustomerOrdersRow> customers;
        public final DataStream<ProjectionStatusRow> status;
        public final DataStream<DeadLetter> deadLetters;

        Streams(DataStream<OrderSummaryRow> orders, DataStream<CustomerOrdersRow> customers,
                DataStream<ProjectionStatusRow> status, DataStream<DeadLetter> deadLetters) {
            this.orders = orders;
            this.customers = customers;
            this.status = status;
            this.deadLetters = deadLetters;
        }
    }

    /**
     * Applies the projections. Only order events are projected here; other events of the stream (e.g.
     * CustomerRegistered) belong to other projections and are skipped, not dead-lettered.
     *
     * @param ordered events deduplicated and in per-aggregate sequence order
     * @param clock processing-time clock for {@code projection_status} ({@code Instant::now} in jobs)
     */
    public static Streams project(DataStream<EventEnvelope> ordered, String jobName, SerializableSupplier<Instant> clock) {
        return project(ordered.keyBy(event -> event.getAggregateId(), Types.STRING), jobName, clock);
    }

    /**
     * {@link #project} for the direct output of an operator keyed by aggregateId (the ordering operator): that
     * stream is already partitioned by order, so it is reinterpreted as keyed instead of shuffled (and Avro
     * re-serialized) a second time, and the order projection chains to the ordering operator.
     */
    public static Streams projectPartitioned(DataStream<EventEnvelope> partitionedByAggregate, String jobName,
            SerializableSupplier<Instant> clock) {
        return projectPartitioned(partitionedByAggregate, jobName, clock, false);
    }

    /**
     * @param holdRejected hold an order behind an event the projection rejected (the job's gap policy PARK):
     *     see {@link OrderSummaryFunction}
     */
    public static Streams projectPartitioned(DataStream<EventEnvelope> partitionedByAggregate, String jobName,
            SerializableSupplier<Instant> clock, boolean holdRejected) {
        return project(DataStreamUtils.reinterpretAsKeyedStream(
                partitionedByAggregate, EventEnvelope::getAggregateId, Types.STRING), jobName, clock, holdRejected);
    }

    private static Streams project(KeyedStream<EventEnvelope, String> byOrder, String jobName,
            SerializableSupplier<Instant> clock) {
        return project(byOrder, jobName, clock, false);
    }

    private static Streams project(KeyedStream<EventEnvelope, String> byOrder, String jobName,
            SerializableSupplier<Instant> clock, boolean holdRejected) {
        // No filter before keyBy: a filter of another parallelism would rebalance and break the per-aggregate
        // order; the order function skips events that are not order events instead.
        SingleOutputStreamOperator<OrderSummaryRow> orders = byOrder
                .process(new OrderSummaryFunction(jobName, holdRejected))
                .uid(ORDER_UID)
                .name(ORDER_UID);

        // Event-carried state transfer: the customer events (chained to the ordering operator, so still in
        // sequence per customer) and the order rows meet keyed by customer; the rows leave with name and tier.
        DataStream<EventEnvelope> customerEvents = byOrder
                .filter(CustomerProfileProjection::isCustomerEvent)
                .uid(CUSTOMER_EVENTS_UID)
                .name(CUSTOMER_EVENTS_UID);
        SingleOutputStreamOperator<OrderSummaryRow> denormalized = orders
                .keyBy(row -> row.customerId, Types.STRING)
                .connect(customerEvents.keyBy(EventEnvelope::getAggregateId, Types.STRING))
                .process(new CustomerDenormalizer(jobName), TypeInformation.of(OrderSummaryRow.class))
                .uid(CUSTOMER_REPLICA_UID)
                .name(CUSTOMER_REPLICA_UID);

        // The facts leave the replica keyed by customer already: chained, not shuffled a second time.
        SingleOutputStreamOperator<CustomerOrdersRow> customers = DataStreamUtils.reinterpretAsKeyedStream(
                        denormalized.getSideOutput(CustomerDenormalizer.FACTS), change -> change.fact.customerId,
                        Types.STRING)
                .process(new CustomerOrdersFunction())
                .uid(CUSTOMER_UID)
                .name(CUSTOMER_UID);

        DataStream<ProjectionStatusRow> status = batched(orders.getSideOutput(OrderSummaryFunction.TICKS), ORDER_TICKS_UID)
                .union(batched(customers.getSideOutput(CustomerOrdersFunction.TICKS), CUSTOMER_TICKS_UID))
                .keyBy(tick -> tick.projection, Types.STRING)
                .process(new ProjectionStatusFunction(clock))
                .uid(STATUS_UID)
                .name(STATUS_UID);

        return new Streams(denormalized, customers, status,
                orders.getSideOutput(DeadLetters.TAG).union(denormalized.getSideOutput(DeadLetters.TAG)));
    }

    /** Ticks summed per projection on their subtask (chained), every 200 ms and before each checkpoint barrier. */
    private static DataStream<ProjectionTick> batched(DataStream<ProjectionTick> ticks, String uid) {
        return ticks.transform(uid, TypeInformation.of(ProjectionTick.class), new ProjectionTickBatcher(TICK_BATCH_MS))
                .uid(uid)
                .name(uid);
    }

    /** Writes the three row streams with merging, version-guarded upserts. */
    public static void sinkTo(Streams streams, JdbcSinkSettings settings) {
        sinkTo(streams, settings, null, "");
    }

    /**
     * As {@link #sinkTo(Streams, JdbcSinkSettings)}, with version conflicts of order_summary (same version, another
     * last_event_id) sent as dead letters to {@code deadLetters} (may be {@code null}: counted and logged only).
     */
    public static void sinkTo(Streams streams, JdbcSinkSettings settings, DeadLetterOutput deadLetters, String jobName) {
        var ddl = ReadModelTables.ddl(settings.dialect());
        sinkTo(streams, new MergingUpsertSink<>(ReadModelTables.ORDER_SUMMARY, settings, ddl, deadLetters, jobName),
                new MergingUpsertSink<>(ReadModelTables.CUSTOMER_ORDERS, settings, ddl),
                new MergingUpsertSink<>(ReadModelTables.PROJECTION_STATUS, settings, ddl));
    }

    /** Attaches one sink per read model, with the stable uids {@code <table>-sink}. */
    public static void sinkTo(Streams streams, Sink<OrderSummaryRow> orderSummary,
            Sink<CustomerOrdersRow> customerOrders, Sink<ProjectionStatusRow> projectionStatus) {
        streams.orders.sinkTo(orderSummary).uid("order_summary-sink").name("order_summary-sink");
        streams.customers.sinkTo(customerOrders).uid("customer_orders-sink").name("customer_orders-sink");
        streams.status.sinkTo(projectionStatus).uid("projection_status-sink").name("projection_status-sink");
    }
}
