package io.eventline.common.ordering;

import static io.eventline.common.ordering.TestEvents.event;
import static io.eventline.common.ordering.TestEvents.redelivery;
import static io.eventline.common.ordering.TestEvents.withOtherContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventline.common.event.EnvelopeAccessor;
import io.eventline.common.ordering.OrderingHarness.Backend;
import io.eventline.common.serde.PojoTypes;
import io.eventline.deadletter.DeadLetter;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Progress a savepoint of the PojoSerializer era holds (here with a window of id strings and no digests, as before
 * session 9) restores into the ordering operator on both backends, migrated to {@link AggregateProgressSerializer}:
 * a redelivery is dropped, a changed copy is a conflict, the next number is applied, and the progress reads back.
 */
class ProgressMigrationTest {

    private static final OrderingConfig CONFIG = OrderingConfig.defaults()
            .withGapTimeout(Duration.ofMillis(1_000))
            .withDedupeTtl(Duration.ofMillis(60_000))
            .withJobName("test-job");
    private static final EnvelopeAccessor ACCESSOR = new EnvelopeAccessor();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pojoProgressRestoresIntoTheOrderingOperator(Backend backend) throws Exception {
        AggregateProgress old = AggregateProgress.fresh();
        old.nextExpected = 4;
        old.recent.ids = new String[] {"a-1", "a-2", "a-3"};
        old.recent.sequences = new long[] {1, 2, 3};
        old.recent.fingerprints = new long[] {fingerprint(1), fingerprint(2), fingerprint(3)};
        old.recent.appliedAt = new long[3];
        OperatorSubtaskState pojoState = pojoSnapshot(backend, "a", old);

        try (OrderingHarness harness = OrderingHarness.withControl(CONFIG, backend, pojoState)) {
            assertThat(harness.progress("a").nextExpected).isEqualTo(4);
            harness.send(redelivery(event("a", 3)), withOtherContent(event("a", 2)), event("a", 4));
            assertThat(harness.outputSequences("a")).containsExactly(4L);
            assertThat(harness.metrics().duplicatesDropped().getCount()).isEqualTo(1);
            assertThat(harness.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getEventId)
                    .containsExactly(tuple("conflict", "a-2"));
            AggregateProgress after = harness.progress("a");
            assertThat(after.nextExpected).isEqualTo(5);
            assertThat(after.recent.sequences).containsExactly(1L, 2L, 3L, 4L);
            assertThat(after.recent.idHashes).hasSize(4);
        }
    }

    private static long fingerprint(long sequence) {
        return ACCESSOR.fingerprint(event("a", sequence));
    }

    /** The state an ordering operator of the old build left: {@code progress} under the key, by the PojoSerializer. */
    private static OperatorSubtaskState pojoSnapshot(Backend backend, String key, AggregateProgress progress)
            throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PojoWriter()),
                (AggregateProgress p) -> key, Types.STRING)) {
            h.setStateBackend(backend == Backend.ROCKSDB ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
            h.open();
            h.processElement(progress, 0L);
            return h.snapshot(1L, 1L);
        }
    }

    static final class PojoWriter extends KeyedProcessFunction<String, AggregateProgress, Void> {
        private transient ValueState<AggregateProgress> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(
                    new ValueStateDescriptor<>(OrderingState.PROGRESS, PojoTypes.of(AggregateProgress.class)));
        }

        @Override
        public void processElement(AggregateProgress progress, Context ctx, Collector<Void> out) throws Exception {
            state.update(progress);
        }
    }
}
