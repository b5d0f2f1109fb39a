package io.eventline.jobs.orders.envelope;

import io.eventline.common.serde.CompactFields;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The envelope on the keyed shuffle into the ordering operator (issue 12): the event in the identity shape its
 * fingerprint is computed in ({@link OrderEnvelopeCodec#shapeOf}), with that fingerprint and the {@code replay}
 * metadata besides. The fingerprint is thus computed once, by the sending subtask, over the bytes it ships anyway;
 * the receiving ordering operator finds it for the event just delivered ({@link #lastDelivered}) instead of
 * encoding the event a second time (a fifth of the ordering thread in the benchmark's profile). The body is decoded
 * from its shape into the current class, which reads every event the shape can carry unchanged.
 *
 * <p>Only for the network: nothing stores this format (the ordering operator's buffer keeps its Avro type). Not
 * thread-safe: {@link #duplicate} gives each task its own.
 */
public final class ShuffledEnvelopeSerializer extends TypeSerializer<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    /** A body in the current identity shape shipped without a fingerprint: its shape's encoding failed. */
    private static final int UNFINGERPRINTED = 3;

    private static final SpecificData MODEL = new EventEnvelope().getSpecificData();
    private static final ThreadLocal<Delivered> DELIVERED = ThreadLocal.withInitial(Delivered::new);

    /** The event a serializer on this thread decoded last and its fingerprint: what the ordering operator looks up. */
    static final class Delivered {
        EventEnvelope event;
        long fingerprint;
    }

    private transient DatumReader<EventEnvelope>[] readers;
    private transient DatumWriter<ReplayInfo> replayWriter;
    private transient DatumReader<ReplayInfo> replayReader;
    private transient BinaryDecoder decoder;
    private transient byte[] buffer;

    static Delivered lastDelivered() {
        return DELIVERED.get();
    }

    @Override
    public void serialize(EventEnvelope event, DataOutputView out) throws IOException {
        int shape = OrderEnvelopeCodec.shapeOf(event);
        SingleObjectFingerprint encoding = OrderEnvelopeCodec.fingerprinter(shape);
        long fingerprint;
        try {
            fingerprint = encoding.of(event);
        } catch (AvroRuntimeException e) {
            // e.g. a payload branch the shape's union lacks: shipped in the current shape, fingerprinted where used
            shape = UNFINGERPRINTED;
            encoding = OrderEnvelopeCodec.fingerprinter(OrderEnvelopeCodec.CURRENT);
            encoding.of(event);
            fingerprint = 0;
        }
        out.writeByte(shape);
        out.writeLong(fingerprint);
        CompactFields.writeVarInt(out, encoding.bodyLength());
        out.write(encoding.body(), 0, encoding.bodyLength());
        ReplayInfo replay = event.getReplay();
        if (replay == null) {
            out.writeByte(0);
            return;
        }
        // Rare (a record republished from the DLQ): encoded on its own, its length before it.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        replayWriter().write(replay, encoder);
        encoder.flush();
        CompactFields.writeVarInt(out, bytes.size() + 1);
        out.write(bytes.toByteArray());
    }

    @Override
    public EventEnvelope deserialize(DataInputView in) throws IOException {
        int shape = in.readUnsignedByte();
        long fingerprint = in.readLong();
        int length = CompactFields.readVarInt(in);
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 512)];
        }
        in.readFully(buffer, 0, length);
        decoder = DecoderFactory.get().binaryDecoder(buffer, 0, length, decoder);
        EventEnvelope event = reader(shape == UNFINGERPRINTED ? OrderEnvelopeCodec.CURRENT : shape).read(null, decoder);
        int replayLength = CompactFields.readVarInt(in) - 1;
        if (replayLength >= 0) {
            byte[] replay = new byte[replayLength];
            in.readFully(replay);
            decoder = DecoderFactory.get().binaryDecoder(replay, decoder);
            event.setReplay(replayReader().read(null, decoder));
        }
        Delivered delivered = DELIVERED.get();
        delivered.event = shape == UNFINGERPRINTED ? null : event;
        delivered.fingerprint = fingerprint;
        return event;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<EventEnvelope> reader(int shape) {
        if (readers == null) {
            readers = new DatumReader[3];
        }
        if (readers[shape] == null) {
            readers[shape] = MODEL.createDatumReader(OrderEnvelopeCodec.shapeSchema(shape), EventEnvelope.getClassSchema());
        }
        return readers[shape];
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<ReplayInfo> replayWriter() {
        if (replayWriter == null) {
            replayWriter = MODEL.createDatumWriter(ReplayInfo.getClassSchema());
        }
        return replayWriter;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<ReplayInfo> replayReader() {
        if (replayReader == null) {
            replayReader = MODEL.createDatumReader(ReplayInfo.getClassSchema());
        }
        return replayReader;
    }

    @Override
    public EventEnvelope deserialize(EventEnvelope reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public EventEnvelope copy(EventEnvelope from) {
        return MODEL.deepCopy(EventEnvelope.getClassSchema(), from);
    }

    @Override
    public EventEnvelope copy(EventEnvelope from, EventEnvelope reuse) {
        return copy(from);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<EventEnvelope> duplicate() {
        return new ShuffledEnvelopeSerializer();
    }

    @Override
    public EventEnvelope createInstance() {
        return new EventEnvelope();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShuffledEnvelopeSerializer;
    }

    @Override
    public int hashCode() {
        return ShuffledEnvelopeSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<EventEnvelope> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Required of every serializer; this one is never restored from state. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventEnvelope> {
        public Snapshot() {
            super(ShuffledEnvelopeSerializer::new);
        }
    }
}
