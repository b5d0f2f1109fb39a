package io.eventline.common.ordering;

import static io.eventline.common.serde.CompactFields.readSignedVarLong;
import static io.eventline.common.serde.CompactFields.readString;
import static io.eventline.common.serde.CompactFields.readVarInt;
import static io.eventline.common.serde.CompactFields.writeSignedVarLong;
import static io.eventline.common.serde.CompactFields.writeString;
import static io.eventline.common.serde.CompactFields.writeVarInt;

import io.eventline.common.serde.FieldsSerializer;
import io.eventline.common.serde.PojoMigratingSnapshot;
import io.eventline.common.serde.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of the ordering operator's {@link AggregateProgress}, read and written on every event (issue 12).
 * Numbers take the bytes their magnitude needs (zig-zag varints), the recent window's sequence numbers and
 * application times as differences from their predecessor (consecutive numbers: one byte each), its digests and
 * fingerprints as the eight bytes they are. Flink's PojoSerializer, used before, read every field by reflection
 * and wrote each long in eight bytes behind a null flag: the progress was ~400 of the ~600 state bytes per aggregate
 * and a tenth of the ordering thread.
 *
 * <p>Progress written by the PojoSerializer, of every version since v1, is migrated on restore
 * ({@link PojoMigratingSnapshot}); a window restored without digests is written with them ({@link RecentEvents}).
 * A new field is a new format: a new serializer whose snapshot accepts this one's the same way.
 */
public final class AggregateProgressSerializer extends FieldsSerializer<AggregateProgress> {

    private static final long serialVersionUID = 1L;

    public static final AggregateProgressSerializer INSTANCE = new AggregateProgressSerializer();

    private static final int PARKED = 1;
    private static final int ON_LOG_CLOCK = 1 << 1;
    private static final int QUEUED = 1 << 2;
    private static final int HAS_RECENT = 1 << 3;

    @Override
    public AggregateProgress createInstance() {
        return new AggregateProgress();
    }

    @Override
    public AggregateProgress copy(AggregateProgress from) {
        AggregateProgress to = new AggregateProgress();
        to.nextExpected = from.nextExpected;
        to.buffered = from.buffered;
        to.skippedRanges = from.skippedRanges;
        to.parked = from.parked;
        to.gapTimerAt = from.gapTimerAt;
        to.cleanupTimerAt = from.cleanupTimerAt;
        to.lastActivityAt = from.lastActivityAt;
        to.onLogClock = from.onLogClock;
        to.heldAt = from.heldAt;
        to.holds = from.holds;
        to.bufferedBytes = from.bufferedBytes;
        to.rememberedHead = from.rememberedHead;
        to.rememberedTail = from.rememberedTail;
        to.queued = from.queued;
        to.recent = from.recent == null ? null : from.recent.copy();
        return to;
    }

    @Override
    public void serialize(AggregateProgress p, DataOutputView out) throws IOException {
        out.writeByte((p.parked ? PARKED : 0) | (p.onLogClock ? ON_LOG_CLOCK : 0) | (p.queued ? QUEUED : 0)
                | (p.recent != null ? HAS_RECENT : 0));
        writeSignedVarLong(out, p.nextExpected);
        writeSignedVarLong(out, p.buffered);
        writeSignedVarLong(out, p.skippedRanges);
        writeSignedVarLong(out, p.holds);
        writeSignedVarLong(out, p.lastActivityAt);
        // Timer times and activity are close to each other: each as its distance from the last activity.
        writeSignedVarLong(out, p.gapTimerAt - p.lastActivityAt);
        writeSignedVarLong(out, p.cleanupTimerAt - p.lastActivityAt);
        writeSignedVarLong(out, p.heldAt);
        writeSignedVarLong(out, p.bufferedBytes);
        writeSignedVarLong(out, p.rememberedHead);
        writeSignedVarLong(out, p.rememberedTail - p.rememberedHead);
        if (p.recent != null) {
            writeRecent(p.recent, p.lastActivityAt, out);
        }
    }

    private static void writeRecent(RecentEvents recent, long lastActivityAt, DataOutputView out) throws IOException {
        int n = recent.size();
        long[] hashes = recent.digests();
        writeVarInt(out, n);
        long sequence = 0;
        long at = lastActivityAt;
        for (int i = 0; i < n; i++) {
            if (i % 8 == 0) { // before each eight entries: which of them keep their id string (the unsequenced)
                int bits = 0;
                for (int k = i; k < Math.min(n, i + 8); k++) {
                    bits |= recent.ids[k] != null ? 1 << (k - i) : 0;
                }
                out.writeByte(bits);
            }
            writeSignedVarLong(out, recent.sequences[i] - sequence);
            writeSignedVarLong(out, recent.appliedAt[i] - at);
            sequence = recent.sequences[i];
            at = recent.appliedAt[i];
            out.writeLong(hashes[i]);
            out.writeLong(recent.fingerprints[i]);
            if (recent.ids[i] != null) {
                writeString(out, recent.ids[i]);
            }
        }
    }

    @Override
    public AggregateProgress deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        AggregateProgress p = new AggregateProgress();
        p.parked = (flags & PARKED) != 0;
        p.onLogClock = (flags & ON_LOG_CLOCK) != 0;
        p.queued = (flags & QUEUED) != 0;
        p.nextExpected = readSignedVarLong(in);
        p.buffered = (int) readSignedVarLong(in);
        p.skippedRanges = (int) readSignedVarLong(in);
        p.holds = (int) readSignedVarLong(in);
        p.lastActivityAt = readSignedVarLong(in);
        p.gapTimerAt = readSignedVarLong(in) + p.lastActivityAt;
        p.cleanupTimerAt = readSignedVarLong(in) + p.lastActivityAt;
        p.heldAt = readSignedVarLong(in);
        p.bufferedBytes = readSignedVarLong(in);
        p.rememberedHead = readSignedVarLong(in);
        p.rememberedTail = readSignedVarLong(in) + p.rememberedHead;
        if ((flags & HAS_RECENT) != 0) {
            p.recent = readRecent(p.lastActivityAt, in);
        }
        return p;
    }

    private static RecentEvents readRecent(long lastActivityAt, DataInputView in) throws IOException {
        int n = readVarInt(in);
        RecentEvents recent = new RecentEvents();
        recent.ids = new String[n];
        recent.idHashes = new long[n];
        recent.sequences = new long[n];
        recent.fingerprints = new long[n];
        recent.appliedAt = new long[n];
        long sequence = 0;
        long at = lastActivityAt;
        int hasId = 0;
        for (int i = 0; i < n; i++) {
            if (i % 8 == 0) {
                hasId = in.readUnsignedByte();
            }
            sequence += readSignedVarLong(in);
            at += readSignedVarLong(in);
            recent.sequences[i] = sequence;
            recent.appliedAt[i] = at;
            recent.idHashes[i] = in.readLong();
            recent.fingerprints[i] = in.readLong();
            recent.ids[i] = (hasId & (1 << (i % 8))) != 0 ? readString(in) : null;
        }
        return recent;
    }

    @Override
    public TypeSerializerSnapshot<AggregateProgress> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads this format as is, migrates the PojoSerializer's. */
    public static final class Snapshot extends PojoMigratingSnapshot<AggregateProgress> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link AggregateProgress}: {@code TypeInformation.of} gives this serializer. */
    public static final class Factory extends TypeInfoFactory<AggregateProgress> {
        @Override
        public TypeInformation<AggregateProgress> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(AggregateProgress.class, INSTANCE);
        }
    }
}
