package io.eventline.common.ordering;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.event.EventAccessor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-aggregate exactly-once, in-order delivery of events keyed by aggregateId, with {@link OrderingCommand}s on
 * the second input. Use through {@link Ordering#apply}.
 *
 * <ul>
 *   <li>Duplicate (eventId remembered with the same sequence number and fingerprint, or the same number waiting
 *       with the same eventId and content): dropped, counted in {@code duplicatesDropped}.
 *   <li>Conflict (an applied or waiting sequence number with another eventId or content; a remembered eventId with
 *       another number or content): dead letter {@code conflict}. Applied numbers are compared by eventId and
 *       content only inside the aggregate's recent window ({@link RecentEvents#CAPACITY} applied events); a copy of
 *       an older applied number is dropped by its number alone ({@code duplicatesBeyondWindow}, counted in
 *       {@code duplicatesDropped} too), never applied twice.
 *   <li>Ahead of the next expected number: waits in keyed {@code MapState} (at most
 *       {@code maxBufferedPerAggregate}, beyond that {@code buffer-overflow}); contiguous runs are released in
 *       order. The gap timeout restarts whenever the head of the sequence moves; it runs on the log's clock (see
 *       the package documentation).
 *   <li>Held ({@code HOLD} command, or a {@code buffer-overflow}): nothing from the held number on applies until
 *       that number arrives (replayed) or an UNPARK skips it; beyond the buffer bound later events are
 *       {@code parked}. More than {@code maxSequenceJump} ahead: {@code sequence-jump}.
 *   <li>Gap timeout, {@link GapPolicy#SKIP}: a {@code gap-timeout} record names the missing numbers, the waiting
 *       run is released, and a missing event arriving later is dead-lettered {@code late-after-skip}.
 *   <li>Gap timeout, {@link GapPolicy#PARK}: a {@code gap-timeout} record, then every later event is
 *       dead-lettered {@code parked}; waiting events stay in the buffer. {@code UNPARK} means "accept the gap": the
 *       missing numbers are skipped (remembered, so they are {@code late-after-skip} if they turn up), the waiting
 *       events are released from the lowest one, and the aggregate continues after the last released number. Replay
 *       the parked dead letters after the UNPARK: released ones drop as duplicates, newer ones are ordered again
 *       (a replay that reaches a still-parked aggregate is ordered too, see below, so the order of the UNPARK and
 *       the replay does not matter).
 *       With nothing waiting, UNPARK just resumes at the same next expected number. UNPARK of an aggregate that
 *       is not parked does nothing (and creates no state).
 *   <li>Replays ({@link io.eventline.common.event.EventAccessor#replayStage} not null: a record republished from
 *       the DLQ by {@code eventline dlq replay}, marked by the deserializer from its headers):
 *       <ul>
 *         <li>from a stage after this one ({@code project}, {@code sink}), with its eventId remembered as applied
 *             with the same number and content: handed on again instead of dropped as a duplicate. This operator
 *             released it and the projection rejected it (e.g. {@code unknown-aggregate} after a skipped gap);
 *             the projection is where it must be retried. No double-apply: the projections never apply an event
 *             at or below their last applied sequence number (order_summary's {@code last_sequence}, the
 *             customer projection's per-order sequence), so a copy of an applied event is rejected there;
 *         <li>below the next expected number, with its eventId not remembered, when the number was skipped
 *             ({@code late-after-skip}) or the replay is from a later stage (memory expired): handed on and
 *             remembered, so a second copy drops as a duplicate. The projection applies it if it is above its
 *             last applied number; {@code eventline dlq replay} sends one aggregate's dead letters in sequence
 *             order, so a late OrderPlaced is applied before the events the projection rejected for want of it;
 *         <li>on a parked aggregate: ordered like a live event instead of dead-lettered {@code parked} (applied
 *             if it is the missing number, which resumes the aggregate; buffered if ahead), so that replaying
 *             the parked dead letters in order fills the gap, with or without an UNPARK, in either order;
 *         <li>a replayed duplicate of an event that failed in this stage or before, or a replayed conflict, is
 *             treated like the original: dropped, or dead-lettered again (with the replay's attempt number).
 *       </ul>
 *   <li>No sequence number: eventId-only deduplication if {@code allowUnsequenced}, else {@code missing-sequence}.
 *   <li>Memory: sequenced events are deduplicated by their number; the recent window keeps their eventIds with
 *       (sequence, fingerprint, time) inside the O(1) progress. Unsequenced eventIds are remembered beyond it, in a
 *       map. Both expire after {@code dedupeTtl}, in the order remembered, by one lazy cleanup timer per aggregate;
 *       an aggregate idle for {@code dedupeTtl}, with nothing waiting, keeps only its progress and no timer, and
 *       continues at its next expected number.
 * </ul>
 */
public class OrderingFunction<E> extends KeyedCoProcessFunction<String, E, OrderingCommand, E>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final OrderingCore<E> core;

    public OrderingFunction(EventAccessor<E> accessor, TypeInformation<E> eventType, OrderingConfig config) {
        this.core = new OrderingCore<>(accessor, eventType, config);
    }

    @Override
    public void open(OpenContext openContext) {
        core.open(getRuntimeContext());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        core.initializeState(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        core.snapshotState(context);
    }

    @Override
    public void processElement1(E event, Context ctx, Collector<E> out) throws Exception {
        core.onEvent(event, bind(ctx, out));
    }

    @Override
    public void processElement2(OrderingCommand command, Context ctx, Collector<E> out) throws Exception {
        core.onCommand(command, bind(ctx, out));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        core.onTimer(timestamp, ctx.timeDomain() == TimeDomain.EVENT_TIME, bind(ctx, out));
    }

    private BoundOutput<E> bind(Context ctx, Collector<E> out) {
        return new BoundOutput<>(out, deadLetter -> ctx.output(DeadLetters.TAG, deadLetter), ctx.timerService(),
                ctx.getCurrentKey(), ctx.timestamp());
    }

    /** Counters and gauge of this instance; for tests and embedding. */
    public OrderingMetrics metrics() {
        return core.metrics();
    }
}
