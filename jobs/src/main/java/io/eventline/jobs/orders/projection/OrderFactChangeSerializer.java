package io.eventline.jobs.orders.projection;

import io.eventline.common.serde.FieldsSerializer;
import io.eventline.common.serde.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The serializer of {@link OrderFactChange}: a presence flag, then the facts in {@link OrderFactSerializer}'s format. */
public final class OrderFactChangeSerializer extends FieldsSerializer<OrderFactChange> {

    private static final long serialVersionUID = 1L;

    public static final OrderFactChangeSerializer INSTANCE = new OrderFactChangeSerializer();

    private static final int HAS_PREVIOUS = 1;
    private static final int HAS_FACT = 1 << 1;

    @Override
    public OrderFactChange createInstance() {
        return new OrderFactChange();
    }

    @Override
    public OrderFactChange copy(OrderFactChange from) {
        OrderFactChange to = new OrderFactChange();
        to.previous = from.previous == null ? null : OrderFactSerializer.INSTANCE.copy(from.previous);
        to.fact = from.fact == null ? null : OrderFactSerializer.INSTANCE.copy(from.fact);
        return to;
    }

    @Override
    public void serialize(OrderFactChange change, DataOutputView out) throws IOException {
        out.writeByte((change.previous != null ? HAS_PREVIOUS : 0) | (change.fact != null ? HAS_FACT : 0));
        if (change.previous != null) {
            OrderFactSerializer.INSTANCE.serialize(change.previous, out);
        }
        if (change.fact != null) {
            OrderFactSerializer.INSTANCE.serialize(change.fact, out);
        }
    }

    @Override
    public OrderFactChange deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        OrderFactChange change = new OrderFactChange();
        change.previous = (flags & HAS_PREVIOUS) != 0 ? OrderFactSerializer.INSTANCE.deserialize(in) : null;
        change.fact = (flags & HAS_FACT) != 0 ? OrderFactSerializer.INSTANCE.deserialize(in) : null;
        return change;
    }

    @Override
    public TypeSerializerSnapshot<OrderFactChange> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Never in state; a snapshot all the same, as Flink requires of every serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderFactChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@code @TypeInfo} on {@link OrderFactChange}. */
    public static final class Factory extends TypeInfoFactory<OrderFactChange> {
        @Override
        public TypeInformation<OrderFactChange> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(OrderFactChange.class, INSTANCE);
        }
    }
}
