/**
 * Per-aggregate exactly-once, in-order delivery: deduplication by eventId and reordering by sequence number in
 * keyed state, with dead letters for what cannot be applied (DESIGN.md, "Ordering semantics").
 *
 * <p>Use after {@code keyBy(aggregateId)}:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<E> ordered =
 *         Ordering.apply(keyed, commands, accessor, typeInfo, OrderingConfig.defaults().withJobName(job), "order");
 * DataStream<DeadLetter> deadLetters = ordered.getSideOutput(DeadLetters.TAG);
 * }</pre>
 *
 * <p>State per aggregate ({@link io.eventline.common.ordering.OrderingState}): one {@code AggregateProgress} value
 * (next expected number, buffered count, parked flag, timer times), the waiting events in a
 * {@code MapState<Long, E>}, eventId to (sequence, fingerprint, time) for {@code dedupeTtl}, and skipped ranges for
 * {@code dedupeTtl}. One lazily re-armed processing-time timer per aggregate expires the memories and drops the
 * aggregate once it has been idle for {@code dedupeTtl} with nothing waiting and not parked; the gap timer exists
 * only while events wait. Reason codes are in {@link io.eventline.contracts.OrderingReasons}; the semantics,
 * including UNPARK, in {@link io.eventline.common.ordering.OrderingFunction}.
 *
 * <p>On RocksDB, every event looks up its eventId, which is usually absent: enable bloom filters
 * ({@code state.backend.rocksdb.use-bloom-filter: true}) and give the slot real managed memory (the bench module's
 * {@code OrderingBenchmark} shows the difference).
 */
package io.eventline.common.ordering;
