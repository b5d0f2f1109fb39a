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
 * <h2>Semantics (v2)</h2>
 *
 * <ul>
 *   <li><b>Clock.</b> Under {@link io.eventline.common.ordering.OrderingClock#LOG} (default) an aggregate's time is
 *       the largest record timestamp it has seen (the Kafka record timestamp), and its timers are event-time timers
 *       driven by the event input's watermark. A gap opened by a waiting event with timestamp {@code t} expires
 *       when the watermark reaches {@code t + gapTimeout}; when the head moves and events still wait, the new gap's
 *       timeout starts at the aggregate's time of that move. EventIds expire {@code dedupeTtl} after they were
 *       applied, on the same clock. So a live run, a backlog replay at any pace and a restore from an old
 *       checkpoint take the same decisions; restored timers fire only as the restored source's watermark moves
 *       on, never all at once. Dead letters carry this time as {@code failedAt}.
 *   <li><b>No timestamp.</b> An event without a record timestamp uses processing time (and processing-time
 *       timers) for itself; {@link io.eventline.common.ordering.OrderingClock#PROCESSING} uses it for everything
 *       (the v1 behaviour).
 *   <li><b>Idle source.</b> No wall-clock fallback in the operator: while the log does not move on (no watermark
 *       advance), no gap expires and nothing is forgotten. The fallback belongs to the source's watermarks:
 *       {@link io.eventline.common.time.LogClock} lets a silent split follow the wall clock only once its reader
 *       has no consumer lag, so the decision stays the one a replay of the same records would take.
 *   <li><b>Command input.</b> {@link io.eventline.common.ordering.OrderingOperator} ignores the command input's
 *       watermarks and idleness: the command stream needs no watermark strategy.
 *   <li><b>Holds (sequenced dead letters).</b> {@code HOLD(aggregate, N)} (decode/validation failed upstream with
 *       aggregateId and sequence known) and a {@code buffer-overflow} at {@code N} hold the aggregate at N: events
 *       below N still apply, from N on nothing applies; later events wait in the buffer, beyond its bound they are
 *       dead-lettered {@code parked}; no gap timeout applies at a held number. Event N (a replay, or a valid
 *       redelivery) releases the hold and the waiting run in order; {@code UNPARK} releases it by skipping N. A
 *       HOLD below the next expected number, or of a number whose good copy waits, is ignored ({@code holdsIgnored}).
 *       {@link io.eventline.common.ordering.PoisonPolicy#SKIP} gives a held number up as soon as the head reaches it.
 *   <li><b>Bounds.</b> {@code maxBufferedPerAggregate} events and {@code maxBufferedBytesPerSubtask} serialized
 *       bytes wait at most ({@code buffer-overflow} beyond); an event more than {@code maxSequenceJump} ahead is
 *       dead-lettered {@code sequence-jump} on its own; {@code Long.MAX_VALUE} is {@code invalid-sequence} so the
 *       counter cannot wrap.
 * </ul>
 *
 * <p>State per aggregate ({@link io.eventline.common.ordering.OrderingState}): one {@code AggregateProgress} value
 * (next expected number, buffered count and bytes, parked flag, lowest hold, timer times, expiry queue bounds),
 * kept for as long as the job runs so that a quiet aggregate resumes where it was (about 90 bytes per aggregate);
 * the waiting events; eventId to (sequence, fingerprint, time, slot) plus a slot-to-eventId queue, both for
 * {@code dedupeTtl}, expired from the front of the queue, O(1) amortized per event; skipped ranges for
 * {@code dedupeTtl}; held numbers (one entry per held number, only while held). One lazily re-armed timer per
 * aggregate expires the memories; the gap timer exists only while events wait and the head is not held. Reason
 * codes are in {@link io.eventline.contracts.OrderingReasons}; the per-event rules, including UNPARK and
 * replays, in {@link io.eventline.common.ordering.OrderingFunction}.
 *
 * <p>On RocksDB, every event looks up its eventId, which is usually absent: enable bloom filters
 * ({@code state.backend.rocksdb.use-bloom-filter: true}) and give the slot real managed memory (the bench module's
 * {@code OrderingBenchmark} shows the difference).
 */
package io.eventline.common.ordering;

import io.eventline.contracts.OrderingReasons;