package io.eventline.common.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.serde.PojoTypes;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer contract ({@link SerializerTestBase}) for {@link AggregateProgressSerializer}, over fresh,
 * busy, parked and extreme progress; the size it writes; and a window restored without digests written with them.
 */
class AggregateProgressSerializerTest extends SerializerTestBase<AggregateProgress> {

    AggregateProgressSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof AggregateProgress && b instanceof AggregateProgress,
                (a, b, checker) -> same((AggregateProgress) a, (AggregateProgress) b)));
    }

    @Override
    protected TypeSerializer<AggregateProgress> createSerializer() {
        return AggregateProgressSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<AggregateProgress> getTypeClass() {
        return AggregateProgress.class;
    }

    @Override
    protected AggregateProgress[] getTestData() {
        AggregateProgress extreme = busy();
        extreme.nextExpected = Long.MAX_VALUE;
        extreme.gapTimerAt = Long.MAX_VALUE; // saturated timer times, far from the activity
        extreme.cleanupTimerAt = Long.MIN_VALUE;
        extreme.lastActivityAt = -5;
        extreme.recent.sequences[2] = Long.MIN_VALUE; // differences that wrap around
        extreme.recent.appliedAt[3] = Long.MAX_VALUE;
        AggregateProgress parked = busy();
        parked.parked = true;
        parked.heldAt = parked.nextExpected;
        parked.holds = 2;
        parked.onLogClock = false;
        AggregateProgress beforeTheWindow = busy(); // progress restored from v2: no recent events yet
        beforeTheWindow.recent = null;
        beforeTheWindow.queued = false;
        AggregateProgress wide = busy(); // a window wider than eight, as before it was eight
        for (int s = 10; s < 42; s++) {
            wide.recent.add("agg-" + s, new AppliedEvent(s, s * 31L, 1_764_000_000_000L + s));
        }
        return new AggregateProgress[] {AggregateProgress.fresh(), busy(), extreme, parked, beforeTheWindow, wide};
    }

    /** An aggregate past its ninth event: a full window, one unsequenced id kept as a string, timers pending. */
    static AggregateProgress busy() {
        AggregateProgress p = AggregateProgress.fresh();
        p.nextExpected = 10;
        p.buffered = 2;
        p.bufferedBytes = 640;
        p.skippedRanges = 1;
        p.onLogClock = true;
        p.lastActivityAt = 1_764_000_009_000L;
        p.gapTimerAt = p.lastActivityAt + 10_000;
        p.cleanupTimerAt = p.lastActivityAt + 86_400_000;
        p.rememberedHead = 3;
        p.rememberedTail = 5;
        for (long s = 2; s <= 9; s++) {
            boolean unsequenced = s == 5;
            p.recent.add("evt-agg-" + s, new AppliedEvent(unsequenced ? AppliedEvent.UNSEQUENCED : s,
                    0x9e3779b97f4a7c15L * s, 1_764_000_000_000L + 1_000 * s));
        }
        return p;
    }

    @Test
    void typeInformationOfTheClassUsesThisSerializer() {
        assertThat(TypeInformation.of(AggregateProgress.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(AggregateProgressSerializer.INSTANCE);
    }

    @Test
    void aBusyProgressTakesAFractionOfThePojoSerializersBytes() throws Exception {
        int compact = bytes(AggregateProgressSerializer.INSTANCE, busy()).length;
        int pojo = bytes(PojoTypes.of(AggregateProgress.class).createSerializer(new SerializerConfigImpl()), busy()).length;
        // 8 × (digest + fingerprint) = 128 bytes are incompressible; the rest is a byte or two per number
        assertThat(compact).isLessThan(200);
        assertThat(compact * 2).isLessThan(pojo);
    }

    @Test
    void aWindowRestoredWithoutDigestsIsWrittenWithThem() throws Exception {
        AggregateProgress legacy = busy();
        legacy.recent.ids = new String[] {"a-1", "a-2", "a-3"};
        legacy.recent.idHashes = new long[0];
        legacy.recent.sequences = new long[] {1, 2, 3};
        legacy.recent.fingerprints = new long[] {11, 12, 13};
        legacy.recent.appliedAt = new long[3];

        AggregateProgress read = AggregateProgressSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(bytes(AggregateProgressSerializer.INSTANCE, legacy)));
        assertThat(read.recent.idHashes).containsExactly(RecentEvents.digest("a-1"), RecentEvents.digest("a-2"),
                RecentEvents.digest("a-3"));
        assertThat(read.recent.ids).containsExactly("a-1", "a-2", "a-3");
        assertThat(read.recent.find("a-2").fingerprint).isEqualTo(12);
        assertThat(legacy.recent.idHashes).as("writing does not change the value written").isEmpty();
    }

    private static byte[] bytes(TypeSerializer<AggregateProgress> serializer, AggregateProgress p) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(p, out);
        return out.getCopyOfBuffer();
    }

    static boolean same(AggregateProgress a, AggregateProgress b) {
        return a.nextExpected == b.nextExpected && a.buffered == b.buffered && a.skippedRanges == b.skippedRanges
                && a.parked == b.parked && a.gapTimerAt == b.gapTimerAt && a.cleanupTimerAt == b.cleanupTimerAt
                && a.lastActivityAt == b.lastActivityAt && a.onLogClock == b.onLogClock && a.heldAt == b.heldAt
                && a.holds == b.holds && a.bufferedBytes == b.bufferedBytes && a.rememberedHead == b.rememberedHead
                && a.rememberedTail == b.rememberedTail && a.queued == b.queued && same(a.recent, b.recent);
    }

    private static boolean same(RecentEvents a, RecentEvents b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Arrays.equals(a.ids, b.ids) && Arrays.equals(a.idHashes, b.idHashes)
                && Arrays.equals(a.sequences, b.sequences) && Arrays.equals(a.fingerprints, b.fingerprints)
                && Arrays.equals(a.appliedAt, b.appliedAt);
    }
}
